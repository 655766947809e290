import { z } from 'zod';
import { component, identifier, type Component } from './schema-components.js';

/** The UI of project.json: Gradio's Interface shorthand, or a Blocks tree with events. */

/** Per-event queue settings, Gradio's names in camelCase. */
export const queueSettings = {
  concurrencyLimit: z
    .union([z.number().int().min(1), z.null(), z.literal('default')])
    .default('default')
    .describe('Max concurrent runs; null = unlimited; "default" = queue.defaultConcurrencyLimit.'),
  concurrencyId: z.string().min(1).optional().describe('Events sharing an id share one queue and limit.'),
  batch: z.boolean().default(false),
  maxBatchSize: z.number().int().min(1).default(4),
  queue: z.boolean().default(true),
};

/** Per-event run settings that are not Gradio's. */
export const runSettings = {
  retryOnCrash: z
    .boolean()
    .default(false)
    .describe(
      'Run a job once more when the worker it ran on died (a crash, not a cancel, a time or memory limit, or a paused worker). ' +
        'Only for functions that are safe to run twice.',
    ),
};

export const LAYOUT_TYPES = ['row', 'column', 'tabs', 'tab', 'accordion', 'group'] as const;
export type LayoutType = (typeof LAYOUT_TYPES)[number];

export interface LayoutNode {
  type: LayoutType;
  id?: string | undefined;
  label?: string | undefined;
  visible?: boolean | undefined;
  open?: boolean | undefined;
  scale?: number | undefined;
  minWidth?: number | undefined;
  variant?: 'default' | 'panel' | 'compact' | undefined;
  children: BlockNode[];
}
export type BlockNode = LayoutNode | Component;

export const layoutNode: z.ZodType<LayoutNode> = z.strictObject({
  type: z.enum(LAYOUT_TYPES),
  id: identifier.optional(),
  label: z.string().optional(),
  visible: z.boolean().optional(),
  open: z.boolean().optional().describe('Accordion: open at start.'),
  scale: z.number().int().min(0).optional(),
  minWidth: z.number().int().min(0).optional(),
  variant: z.enum(['default', 'panel', 'compact']).optional(),
  get children(): z.ZodArray<z.ZodType<BlockNode>> {
    return z.array(blockNode);
  },
});

export const blockNode: z.ZodType<BlockNode> = z.union([layoutNode, component]);

export const TRIGGERS = ['click', 'change', 'submit', 'input', 'upload', 'select', 'load'] as const;

/** What every event runs and shows: the fields a chained event shares with a triggered one. */
const eventBody = {
  fn: identifier.describe('A key of `functions`.'),
  inputs: z.array(identifier).default([]),
  outputs: z.array(identifier).default([]),
  apiName: z
    .union([z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'letters, digits and _'), z.literal(false)])
    .optional()
    .describe('Endpoint name (/apiName); false hides it from the API. Default: the function name.'),
  apiVisibility: z.enum(['public', 'undocumented', 'private']).default('public'),
  showProgress: z.enum(['full', 'minimal', 'hidden']).default('full'),
  ...queueSettings,
  ...runSettings,
};

/**
 * An event that runs when the run of the event it belongs to ends (Gradio's `.then()`), or only
 * when that run succeeded (`.success()`). Nested `then` lists make chains of any depth and branches.
 */
export const chainedEvent = z.strictObject(eventBody).extend({
  // extend(), not a spread: TypeScript cannot infer a recursive getter next to a spread.
  onlyOnSuccess: z
    .boolean()
    .default(false)
    .describe("true: run only when the previous event succeeded (Gradio's .success()); false: after any end (.then())."),
  get then(): z.ZodDefault<z.ZodArray<typeof chainedEvent>> {
    return z.array(chainedEvent).default([]).describe('Events to run when this one ends.');
  },
});
export type ChainedEventDefinition = z.infer<typeof chainedEvent>;

export const event = z.strictObject({
  trigger: z
    .union([z.string(), z.array(z.string()).min(1)])
    .describe('"componentId.event" (click, change, submit, input, upload, select) or "load".'),
  ...eventBody,
  then: z.array(chainedEvent).default([]).describe("Events to run when this one's run ends (Gradio's .then() / .success())."),
});
export type EventDefinition = z.infer<typeof event>;

export const interfaceUi = z.strictObject({
  type: z.literal('interface'),
  fn: identifier,
  inputs: z.array(component).default([]),
  outputs: z.array(component).default([]),
  title: z.string().optional(),
  description: z.string().optional(),
  article: z.string().optional(),
  examples: z.array(z.array(z.unknown())).default([]),
  apiName: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
    .default('predict'),
  ...queueSettings,
  ...runSettings,
});

export const blocksUi = z.strictObject({
  type: z.literal('blocks'),
  title: z.string().optional(),
  children: z.array(blockNode).min(1),
  events: z.array(event).default([]),
});

export const ui = z.discriminatedUnion('type', [interfaceUi, blocksUi]);
export type InterfaceUi = z.infer<typeof interfaceUi>;
export type BlocksUi = z.infer<typeof blocksUi>;
export type UiDefinition = z.infer<typeof ui>;
