import { modelTakesInputs } from '../../engine/required-inputs.js';
import type { Engine } from '../../engine/types.js';
import { FILE_COMPONENT_TYPES } from '../../../preload/shared/project/schema-components.js';
import type { Project } from '../../../preload/shared/project/schema.js';
import type { App, AppComponent, AppEvent, AppNode } from '../../../preload/shared/project/normalize.js';
import { componentConfigProps, layoutConfigProps, layoutTypeName } from '../../../preload/shared/project/component-props.js';
import {
  API_PREFIX,
  GRADIO_VERSION,
  PROTOCOL,
  type ComponentConfig,
  type DependencyConfig,
  type GradioConfig,
  type LayoutConfig,
} from './config-schema.js';

/** Builds GET /config from the normalized app (doc §1.3). */

/** Gradio's root block id; normalize() numbers components and layouts from 1, so 0 is free. */
export const ROOT_BLOCK_ID = 0;

export interface ConfigOptions {
  readonly root: string;
  readonly appId: number;
  readonly maxFileSize: number | null;
  /** The server's show_error setting (doc §1.14). */
  readonly showError: boolean;
}

interface Collected {
  readonly components: ComponentConfig[];
  readonly layout: LayoutConfig[];
}

function componentEntry(c: AppComponent): ComponentConfig {
  return { id: c.id, type: c.type, props: componentConfigProps(c), skip_api: c.type === 'state', component_class_id: c.type, key: c.key };
}

function collect(nodes: readonly AppNode[], out: ComponentConfig[]): LayoutConfig[] {
  return nodes.map((node): LayoutConfig => {
    if (node.kind === 'component') {
      out.push(componentEntry(node.component));
      return { id: node.component.id };
    }
    const l = node.layout;
    out.push({ id: l.id, type: layoutTypeName(l), props: layoutConfigProps(l), skip_api: true, component_class_id: l.type, key: null });
    return { id: l.id, children: collect(l.children, out) };
  });
}

function collectAll(app: App): Collected {
  const components: ComponentConfig[] = [];
  const layout = collect(app.tree, components);
  // Every id a dependency names must exist in components[] (the Python client fails otherwise),
  // so components outside the tree are listed too.
  const seen = new Set(components.map((c) => c.id));
  for (const c of app.components.values()) {
    if (!seen.has(c.id)) components.push(componentEntry(c));
  }
  return { components, layout };
}

function componentId(app: App, key: string): number {
  const component = app.components.get(key);
  // normalize() and the reference checks guarantee the key exists; -1 would fail the clients loudly.
  return component ? component.id : -1;
}

/**
 * Gradio's targets: `[componentId, event]` per trigger (the root block for "load"); a chained
 * event has one target with no block, `[null, "then"]` or `[null, "success"]`, as `.then()` and
 * `.success()` produce, and `trigger_after` says which run it follows.
 */
function targets(app: App, event: AppEvent): [number | null, string][] {
  if (event.triggerAfter !== null) return [[null, event.triggerOnlyOnSuccess ? 'success' : 'then']];
  return event.triggers.map((t): [number, string] => [t.componentKey === null ? ROOT_BLOCK_ID : componentId(app, t.componentKey), t.event]);
}

/** File inputs that a model receives as they are: the page asks for them before calling. */
function requiredInputs(app: App, functions: Project['functions'], event: AppEvent): number[] {
  if (!modelTakesInputs(functions, event.fn)) return [];
  return event.inputs
    .filter((key) => FILE_COMPONENT_TYPES.has(app.components.get(key)?.type ?? 'json'))
    .map((key) => componentId(app, key));
}

function dependency(app: App, event: AppEvent, functions: Project['functions']): DependencyConfig {
  const description = functions[event.fn]?.description;
  const onlyChange = event.triggers.length > 0 && event.triggers.every((t) => t.event === 'change');
  return {
    id: event.index,
    targets: targets(app, event),
    inputs: event.inputs.map((key) => componentId(app, key)),
    outputs: event.outputs.map((key) => componentId(app, key)),
    api_name: event.apiName,
    api_visibility: event.apiVisibility,
    description: description ?? null,
    queue: event.queue,
    backend_fn: true,
    types: { generator: false, cancel: false },
    trigger_mode: onlyChange ? 'always_last' : 'once',
    batch: event.batch,
    max_batch_size: event.maxBatchSize,
    show_progress: event.showProgress,
    connection: 'sse',
    cancels: [],
    js: null,
    frontend_fn: false,
    scroll_to_output: false,
    trigger_after: event.triggerAfter,
    trigger_only_on_success: event.triggerOnlyOnSuccess,
    collects_event_data: event.triggers.some((t) => t.event === 'select'),
    rendered_in: null,
    required_inputs: requiredInputs(app, functions, event),
  };
}

export function buildConfig(engine: Engine, options: ConfigOptions): GradioConfig {
  const app = engine.app;
  const project = engine.loaded.project;
  const { components, layout: children } = collectAll(app);
  const dependencies = app.events.map((event) => dependency(app, event, project.functions));
  const layout: LayoutConfig = { id: ROOT_BLOCK_ID, children };
  return {
    version: GRADIO_VERSION,
    protocol: PROTOCOL,
    api_prefix: API_PREFIX,
    root: options.root,
    mode: app.mode,
    app_id: options.appId,
    title: app.title,
    dev_mode: false,
    analytics_enabled: false,
    css: null,
    js: null,
    head: null,
    theme: 'default',
    space_id: null,
    is_colab: false,
    show_error: options.showError,
    max_file_size: options.maxFileSize,
    enable_queue: true,
    // A held heartbeat keeps Node scripts alive after client.close(); only state needs it.
    connect_heartbeat: components.some((c) => c.type === 'state'),
    fill_height: false,
    fill_width: false,
    run_history: false,
    username: null,
    components,
    dependencies,
    layout,
    page: {
      '': { components: components.map((c) => c.id), dependencies: dependencies.map((d) => d.id), layout },
    },
    pages: [['', 'Home']],
    description: app.description ?? null,
    article: app.article ?? null,
    examples: app.examples.map((row) => [...row]),
  };
}
