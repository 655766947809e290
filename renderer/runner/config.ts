/**
 * The runner's view of GET /config (doc §1.3): parsed from the wire once, camelCase inside.
 * The server's zod schema (main/server/gradio/config-schema.ts) is the authority on what is sent;
 * this parser checks only what the runner relies on and ignores the rest, so a newer server with
 * extra fields still renders. Errors name the JSON path, like the project's validation errors.
 */

import { jsonReader, PayloadError } from './json-reader.js';

export interface ComponentInfo {
  readonly id: number;
  /** Lower-case Gradio type: "textbox", "row", "tabitem", ... */
  readonly type: string;
  /** Our string id (Gradio's `key`); null for layout blocks. */
  readonly key: string | null;
  readonly props: Readonly<Record<string, unknown>>;
}

export interface LayoutNode {
  readonly id: number;
  readonly children?: readonly LayoutNode[] | undefined;
}

export type TriggerMode = 'once' | 'multiple' | 'always_last';
export type ShowProgress = 'full' | 'minimal' | 'hidden';

export interface Dependency {
  /** Gradio's fn_index. */
  readonly id: number;
  /**
   * [componentId, eventName]; component 0 with "load" means page load. A chained dependency's
   * `[null, "then" | "success"]` target is left out: `triggerAfter` says when it runs.
   */
  readonly targets: readonly (readonly [number, string])[];
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  readonly apiName: string;
  /** "private" endpoints are not in the API (no before-you-submit estimate either). */
  readonly apiVisibility: 'public' | 'undocumented' | 'private';
  readonly queue: boolean;
  readonly triggerMode: TriggerMode;
  readonly showProgress: ShowProgress;
  /** The dependency whose run's end starts this one (Gradio's `.then()` / `.success()`), or null. */
  readonly triggerAfter: number | null;
  /** With triggerAfter: start only after a successful run, not after any end. */
  readonly triggerOnlyOnSuccess: boolean;
  /** Inputs that need a value before the page calls (file inputs a model takes as they are). */
  readonly requiredInputs: readonly number[];
}

export interface RunnerConfig {
  readonly mode: 'interface' | 'blocks';
  readonly title: string;
  readonly description: string | null;
  readonly article: string | null;
  /** Interface mode: one value per input of dependency 0. */
  readonly examples: readonly (readonly unknown[])[];
  readonly components: ReadonlyMap<number, ComponentInfo>;
  readonly layout: LayoutNode;
  readonly dependencies: readonly Dependency[];
}

/** A /config payload the runner cannot use; `path` is a JSON path like `dependencies[0].inputs`. */
export class ConfigError extends PayloadError {
  constructor(path: string, expected: string) {
    super('app config', path, expected);
    this.name = 'ConfigError';
  }
}

const { object, array, integer } = jsonReader((path, expected) => new ConfigError(path, expected));

function optionalString(value: unknown, path: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new ConfigError(path, 'a string or null');
  return value;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

function parseComponent(value: unknown, path: string): ComponentInfo {
  const raw = object(value, path);
  const type = raw.type;
  if (typeof type !== 'string' || type === '') throw new ConfigError(`${path}.type`, 'a component type name');
  const props = raw.props === undefined ? {} : object(raw.props, `${path}.props`);
  return { id: integer(raw.id, `${path}.id`), type, key: optionalString(raw.key, `${path}.key`), props };
}

function parseLayout(value: unknown, path: string): LayoutNode {
  const raw = object(value, path);
  const id = integer(raw.id, `${path}.id`);
  if (raw.children === undefined) return { id };
  const children = array(raw.children, `${path}.children`).map((child, i) => parseLayout(child, `${path}.children[${i}]`));
  return { id, children };
}

function ids(value: unknown, path: string): number[] {
  return array(value, path).map((id, i) => integer(id, `${path}[${i}]`));
}

/** A `[componentId, eventName]` target, or null for a chained one (`[null, "then"]`). */
function parseTarget(value: unknown, path: string): [number, string] | null {
  const raw = array(value, path);
  const event = raw[1];
  if (raw.length !== 2 || typeof event !== 'string') throw new ConfigError(path, '[componentId, eventName]');
  if (raw[0] === null) return null;
  return [integer(raw[0], `${path}[0]`), event];
}

function optionalInteger(value: unknown, path: string): number | null {
  return value === undefined || value === null ? null : integer(value, path);
}

function parseDependency(value: unknown, index: number): Dependency {
  const path = `dependencies[${index}]`;
  const raw = object(value, path);
  const apiName = raw.api_name;
  if (typeof apiName !== 'string' || apiName === '') throw new ConfigError(`${path}.api_name`, 'a non-empty string');
  return {
    id: raw.id === undefined ? index : integer(raw.id, `${path}.id`),
    targets: array(raw.targets ?? [], `${path}.targets`)
      .map((t, i) => parseTarget(t, `${path}.targets[${i}]`))
      .filter((t) => t !== null),
    inputs: ids(raw.inputs, `${path}.inputs`),
    outputs: ids(raw.outputs, `${path}.outputs`),
    apiName,
    apiVisibility: oneOf(raw.api_visibility, ['public', 'undocumented', 'private'], 'public'),
    queue: raw.queue !== false,
    triggerMode: oneOf(raw.trigger_mode, ['once', 'multiple', 'always_last'], 'once'),
    showProgress: oneOf(raw.show_progress, ['full', 'minimal', 'hidden'], 'full'),
    triggerAfter: optionalInteger(raw.trigger_after, `${path}.trigger_after`),
    triggerOnlyOnSuccess: raw.trigger_only_on_success === true,
    // demo-desktop's own key (a Gradio server sends none: nothing is required then).
    requiredInputs: raw.required_inputs === undefined ? [] : ids(raw.required_inputs, `${path}.required_inputs`),
  };
}

function parseExamples(value: unknown): unknown[][] {
  if (!Array.isArray(value)) return [];
  return value.map((row, i) => array(row, `examples[${i}]`));
}

/** Parses a /config body; throws ConfigError naming the first bad path. */
export function parseConfig(value: unknown): RunnerConfig {
  const raw = object(value, '');
  const components = new Map<number, ComponentInfo>();
  array(raw.components, 'components').forEach((c, i) => {
    const component = parseComponent(c, `components[${i}]`);
    components.set(component.id, component);
  });
  const dependencies = array(raw.dependencies, 'dependencies').map(parseDependency);
  dependencies.forEach((dep, i) => {
    for (const [list, name] of [
      [dep.inputs, 'inputs'],
      [dep.outputs, 'outputs'],
    ] as const) {
      list.forEach((id, j) => {
        if (!components.has(id)) throw new ConfigError(`dependencies[${i}].${name}[${j}]`, `the id of a listed component (got ${id})`);
      });
    }
    const after = dep.triggerAfter;
    if (after !== null && !dependencies.some((d) => d.id === after)) {
      throw new ConfigError(`dependencies[${i}].trigger_after`, `the id of a listed dependency (got ${after})`);
    }
  });
  const title = typeof raw.title === 'string' && raw.title !== '' ? raw.title : 'Demo';
  return {
    mode: raw.mode === 'interface' ? 'interface' : 'blocks',
    title,
    description: optionalString(raw.description, 'description'),
    article: optionalString(raw.article, 'article'),
    examples: parseExamples(raw.examples),
    components,
    layout: parseLayout(raw.layout, 'layout'),
    dependencies,
  };
}
