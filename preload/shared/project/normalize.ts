import type { Component, ComponentType } from './schema-components.js';
import type { Project } from './schema.js';
import type { BlockNode, ChainedEventDefinition, EventDefinition, LayoutNode, LayoutType } from './schema-ui.js';

/**
 * The normalized app: Interface shorthand expanded into Blocks, every component with a string id
 * and a numeric id (Gradio's), every event with resolved api name and queue settings. The server,
 * the scheduler and the Gradio config are built from this, never from raw project.json.
 */
export interface AppComponent {
  readonly id: number;
  readonly key: string;
  readonly type: ComponentType;
  /** Everything the project said about the component except `type` and `id`. */
  readonly props: Readonly<Record<string, unknown>>;
}

export interface AppLayout {
  readonly id: number;
  readonly type: LayoutType;
  readonly props: Readonly<Record<string, unknown>>;
  readonly children: readonly AppNode[];
}

export type AppNode =
  { readonly kind: 'component'; readonly component: AppComponent } | { readonly kind: 'layout'; readonly layout: AppLayout };

export interface AppTrigger {
  /** null for "load". */
  readonly componentKey: string | null;
  readonly event: string;
}

export interface AppEvent {
  /** Gradio's fn_index. */
  readonly index: number;
  readonly fn: string;
  readonly triggers: readonly AppTrigger[];
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly apiName: string;
  readonly apiVisibility: 'public' | 'undocumented' | 'private';
  /** null = unlimited. */
  readonly concurrencyLimit: number | null;
  readonly concurrencyId: string;
  readonly batch: boolean;
  readonly maxBatchSize: number;
  readonly queue: boolean;
  readonly showProgress: 'full' | 'minimal' | 'hidden';
  /**
   * The index of the event whose run's end starts this one (Gradio's `trigger_after`; the page
   * starts it, not the server), or null for an event with its own triggers. A chained event has
   * no triggers.
   */
  readonly triggerAfter: number | null;
  /** With triggerAfter: start only when that run succeeded (`.success()`), not after any end (`.then()`). */
  readonly triggerOnlyOnSuccess: boolean;
  /** Run a job once more when its worker died (see ProjectEngine). */
  readonly retryOnCrash: boolean;
}

export interface App {
  readonly mode: 'interface' | 'blocks';
  readonly title: string;
  readonly description: string | undefined;
  readonly article: string | undefined;
  readonly components: ReadonlyMap<string, AppComponent>;
  readonly tree: readonly AppNode[];
  readonly events: readonly AppEvent[];
  /** Interface mode: example rows, one value per input. */
  readonly examples: readonly (readonly unknown[])[];
}

/**
 * Numeric ids in creation order, and unique component keys. Ids the project gives explicitly are
 * reserved up front, so a generated key (`component_3`, `__submit`) never takes an id that an
 * event names, whatever the order of the tree.
 */
class IdAllocator {
  private next = 1;
  private readonly used = new Set<string>();
  constructor(private readonly reserved: ReadonlySet<string>) {}
  number(): number {
    return this.next++;
  }
  key(preferred: string | undefined, fallback: string): string {
    if (preferred !== undefined && !this.used.has(preferred)) {
      this.used.add(preferred);
      return preferred;
    }
    const base = preferred ?? fallback;
    let key = base;
    for (let n = 1; this.used.has(key) || this.reserved.has(key); n++) key = `${base}_${n}`;
    this.used.add(key);
    return key;
  }
}

function explicitIds(nodes: readonly BlockNode[], into = new Set<string>()): Set<string> {
  for (const node of nodes) {
    if (isLayout(node)) explicitIds(node.children, into);
    else if (node.id !== undefined) into.add(node.id);
  }
  return into;
}

function componentProps(component: Component): Record<string, unknown> {
  const { type: _type, id: _id, ...props } = component;
  return props;
}

function isLayout(node: BlockNode): node is LayoutNode {
  return 'children' in node;
}

export function normalize(project: Project): App {
  const ui = project.ui;
  const ids = new IdAllocator(explicitIds(ui.type === 'interface' ? [...ui.inputs, ...ui.outputs] : ui.children));
  const components = new Map<string, AppComponent>();
  const addComponent = (component: Component, fallbackKey: string): AppNode => {
    const key = ids.key(component.id, fallbackKey);
    const app: AppComponent = { id: ids.number(), key, type: component.type, props: componentProps(component) };
    components.set(key, app);
    return { kind: 'component', component: app };
  };
  const layout = (type: LayoutType, children: AppNode[], props: Record<string, unknown> = {}): AppNode => ({
    kind: 'layout',
    layout: { id: ids.number(), type, props, children },
  });
  const apiNames = new Set<string>();
  const uniqueApiName = (name: string): string => {
    let unique = name;
    for (let n = 1; apiNames.has(unique); n++) unique = `${name}_${n}`;
    apiNames.add(unique);
    return unique;
  };
  const defaultLimit = project.queue.defaultConcurrencyLimit;

  if (ui.type === 'interface') {
    const inputs = ui.inputs.map((c, i) => addComponent(c, `input_${i}`));
    const outputs = ui.outputs.map((c, i) => addComponent(c, `output_${i}`));
    const clear = addComponent({ type: 'button', id: '__clear', value: 'Clear', variant: 'secondary' }, '__clear');
    const submit = addComponent({ type: 'button', id: '__submit', value: 'Submit', variant: 'primary' }, '__submit');
    const tree = [
      layout('row', [
        layout('column', [...inputs, layout('row', [clear, submit])], { variant: 'panel' }),
        layout('column', outputs, { variant: 'panel' }),
      ]),
    ];
    const inputKeys = inputs.map((n) => (n.kind === 'component' ? n.component.key : ''));
    const submitTriggers: AppTrigger[] = [{ componentKey: '__submit', event: 'click' }];
    for (const node of inputs) {
      if (node.kind === 'component' && node.component.type === 'textbox') {
        submitTriggers.push({ componentKey: node.component.key, event: 'submit' });
      }
    }
    const event: AppEvent = {
      index: 0,
      fn: ui.fn,
      triggers: submitTriggers,
      inputs: inputKeys,
      outputs: outputs.map((n) => (n.kind === 'component' ? n.component.key : '')),
      apiName: uniqueApiName(ui.apiName),
      apiVisibility: 'public',
      concurrencyLimit: ui.concurrencyLimit === 'default' ? defaultLimit : ui.concurrencyLimit,
      concurrencyId: ui.concurrencyId ?? ui.fn,
      batch: ui.batch,
      maxBatchSize: ui.maxBatchSize,
      queue: ui.queue,
      showProgress: 'full',
      triggerAfter: null,
      triggerOnlyOnSuccess: false,
      retryOnCrash: ui.retryOnCrash,
    };
    return {
      mode: 'interface',
      title: ui.title ?? project.name,
      description: ui.description ?? project.description,
      article: ui.article,
      components,
      tree,
      events: [event],
      examples: ui.examples,
    };
  }

  let counter = 0;
  const walk = (nodes: BlockNode[]): AppNode[] =>
    nodes.map((node) => {
      if (isLayout(node)) {
        const { type, children, id: _id, ...props } = node;
        return layout(type, walk(children), props);
      }
      return addComponent(node, `component_${counter++}`);
    });
  const tree = walk(ui.children);
  // Chains are flattened depth-first, each event right after the one it follows: the order in which
  // Gradio creates `btn.click(f).then(g).then(h)`, so fn_index follows the file's reading order.
  const events: AppEvent[] = [];
  const addEvent = (
    event: EventDefinition | ChainedEventDefinition,
    triggers: readonly AppTrigger[],
    after: Pick<AppEvent, 'triggerAfter' | 'triggerOnlyOnSuccess'>,
  ): void => {
    const index = events.length;
    events.push({
      index,
      fn: event.fn,
      triggers,
      inputs: event.inputs,
      outputs: event.outputs,
      apiName: uniqueApiName(typeof event.apiName === 'string' ? event.apiName : event.fn),
      apiVisibility: event.apiName === false ? 'private' : event.apiVisibility,
      concurrencyLimit: event.concurrencyLimit === 'default' ? defaultLimit : event.concurrencyLimit,
      concurrencyId: event.concurrencyId ?? event.fn,
      batch: event.batch,
      maxBatchSize: event.maxBatchSize,
      queue: event.queue,
      showProgress: event.showProgress,
      retryOnCrash: event.retryOnCrash,
      ...after,
    });
    for (const next of event.then) addEvent(next, [], { triggerAfter: index, triggerOnlyOnSuccess: next.onlyOnSuccess });
  };
  for (const event of ui.events) {
    const triggers = (Array.isArray(event.trigger) ? event.trigger : [event.trigger]).map((t): AppTrigger => {
      if (t === 'load') return { componentKey: null, event: 'load' };
      const [componentKey = '', name = ''] = t.split('.');
      return { componentKey, event: name };
    });
    addEvent(event, triggers, { triggerAfter: null, triggerOnlyOnSuccess: false });
  }
  return {
    mode: 'blocks',
    title: ui.title ?? project.name,
    description: project.description,
    article: undefined,
    components,
    tree,
    events,
    examples: [],
  };
}
