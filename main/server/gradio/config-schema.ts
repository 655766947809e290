import { z } from 'zod';

/**
 * GET /config: the app description both Gradio clients and our renderer read (doc §1.3). The
 * zod schemas are the single source of truth; the builder is typed from them and tests parse
 * real responses with them.
 */

export const GRADIO_VERSION = '6.25.0';
export const PROTOCOL = 'sse_v3';
export const API_PREFIX = '/gradio_api';

export const componentConfig = z.object({
  id: z.number().int(),
  type: z.string().regex(/^[a-z]+$/),
  props: z.record(z.string(), z.unknown()),
  /** Python's client reads it; absent means true only for state and layout blocks. */
  skip_api: z.boolean(),
  component_class_id: z.string(),
  /** Our string id for the component (Gradio's `key`), null for layout blocks. */
  key: z.string().nullable(),
});
export type ComponentConfig = z.infer<typeof componentConfig>;

export interface LayoutConfig {
  id: number;
  children?: LayoutConfig[] | undefined;
}
export const layoutConfig: z.ZodType<LayoutConfig> = z.object({
  id: z.number().int(),
  get children(): z.ZodOptional<z.ZodArray<z.ZodType<LayoutConfig>>> {
    return z.array(layoutConfig).optional();
  },
});

export const dependencyConfig = z.object({
  id: z.number().int(),
  /** `[componentId, event]`; a chained dependency has `[null, "then" | "success"]`. */
  targets: z.array(z.tuple([z.number().int().nullable(), z.string()])),
  inputs: z.array(z.number().int()),
  outputs: z.array(z.number().int()),
  api_name: z.string(),
  api_visibility: z.enum(['public', 'undocumented', 'private']),
  description: z.string().nullable(),
  queue: z.boolean(),
  backend_fn: z.literal(true),
  types: z.object({ generator: z.boolean(), cancel: z.boolean() }),
  trigger_mode: z.enum(['once', 'multiple', 'always_last']),
  batch: z.boolean(),
  max_batch_size: z.number().int(),
  show_progress: z.enum(['full', 'minimal', 'hidden']),
  connection: z.literal('sse'),
  cancels: z.array(z.number().int()),
  js: z.null(),
  frontend_fn: z.literal(false),
  scroll_to_output: z.boolean(),
  /** The id of the dependency whose run's end starts this one (the page starts it), or null. */
  trigger_after: z.number().int().nullable(),
  /** With trigger_after: only when that run succeeded (`.success()`), else after any end (`.then()`). */
  trigger_only_on_success: z.boolean(),
  collects_event_data: z.boolean(),
  rendered_in: z.null(),
  /**
   * demo-desktop's own (Gradio has no such key; its clients ignore it): inputs the page must have a
   * value for before it calls, file inputs (image, audio, file) of a function that hands them to a
   * model. The page says "Upload an image first" instead of sending null.
   */
  required_inputs: z.array(z.number().int()),
});
export type DependencyConfig = z.infer<typeof dependencyConfig>;

export const pageConfig = z.object({
  components: z.array(z.number().int()),
  dependencies: z.array(z.number().int()),
  layout: layoutConfig,
});

export const gradioConfig = z.object({
  version: z.literal(GRADIO_VERSION),
  protocol: z.literal(PROTOCOL),
  api_prefix: z.literal(API_PREFIX),
  root: z.string().regex(/^https?:\/\/.*[^/]$/),
  mode: z.enum(['interface', 'blocks']),
  app_id: z.number().int(),
  title: z.string(),
  dev_mode: z.literal(false),
  analytics_enabled: z.literal(false),
  css: z.null(),
  js: z.null(),
  head: z.null(),
  theme: z.string(),
  space_id: z.null(),
  is_colab: z.literal(false),
  show_error: z.boolean(),
  max_file_size: z.number().int().nullable(),
  enable_queue: z.literal(true),
  connect_heartbeat: z.boolean(),
  fill_height: z.boolean(),
  fill_width: z.boolean(),
  run_history: z.literal(false),
  username: z.null(),
  components: z.array(componentConfig),
  dependencies: z.array(dependencyConfig),
  layout: layoutConfig,
  page: z.record(z.string(), pageConfig),
  pages: z.array(z.tuple([z.string(), z.string()])),
  // Our extras for the renderer (Gradio keeps these inside Interface-built components).
  description: z.string().nullable(),
  article: z.string().nullable(),
  /** Interface mode: example rows, one value per input of dependency 0. */
  examples: z.array(z.array(z.unknown())),
});
export type GradioConfig = z.infer<typeof gradioConfig>;
