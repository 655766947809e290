import type { ComponentInfo, Dependency } from './config.js';
import { toWire, type Values } from './values.js';

/**
 * Pure wiring between components and dependencies: which dependencies an event triggers, which
 * components take input, what a run sends, and how its outputs land in the page's values.
 */

/** Gradio's root block id; `[0, "load"]` targets mean "when the page loads". */
export const ROOT_ID = 0;

export type TriggerIndex = ReadonlyMap<string, readonly Dependency[]>;

const triggerKey = (componentId: number, event: string): string => `${componentId}:${event}`;

export function buildTriggerIndex(dependencies: readonly Dependency[]): TriggerIndex {
  const index = new Map<string, Dependency[]>();
  for (const dep of dependencies) {
    for (const [id, event] of dep.targets) {
      const key = triggerKey(id, event);
      const list = index.get(key) ?? [];
      if (!list.includes(dep)) list.push(dep);
      index.set(key, list);
    }
  }
  return index;
}

export function triggered(index: TriggerIndex, componentId: number, event: string): readonly Dependency[] {
  return index.get(triggerKey(componentId, event)) ?? [];
}

export function loadDependencies(index: TriggerIndex): readonly Dependency[] {
  return triggered(index, ROOT_ID, 'load');
}

/**
 * Gradio's rule: an explicit `interactive` wins; otherwise a component is editable when some
 * dependency reads it, or when no dependency writes it.
 */
export function isInteractive(component: ComponentInfo, dependencies: readonly Dependency[]): boolean {
  if (typeof component.props.interactive === 'boolean') return component.props.interactive;
  if (dependencies.some((d) => d.inputs.includes(component.id))) return true;
  return !dependencies.some((d) => d.outputs.includes(component.id));
}

/** The `data` array for a run: one value per input, State as null (the server keeps it). */
export function buildPayload(dep: Dependency, values: Values, components: ReadonlyMap<number, ComponentInfo>): unknown[] {
  return dep.inputs.map((id) => (components.get(id)?.type === 'state' ? null : toWire(values.get(id) ?? null)));
}

/** Gradio's `gr.update(...)`: a dict with `__type__: "update"` that sets props and maybe the value. */
function isUpdate(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && (value as { __type__?: unknown }).__type__ === 'update';
}

/** Gradio's `gr.skip()`: an update that sets nothing (applyOutputs leaves the output as it is). */
export function isNoChange(value: unknown): boolean {
  return isUpdate(value) && Object.keys(value).length === 1;
}

export type Overrides = ReadonlyMap<number, Readonly<Record<string, unknown>>>;

export interface OutputResult {
  readonly values: Values;
  readonly overrides: Overrides;
  /** Ids whose value changed, for `change` triggers. */
  readonly changed: readonly number[];
}

/** Deep equality for plain values (what a run sends); anything JSON cannot compare is different. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  try {
    return JSON.stringify(a) === JSON.stringify(b);
  } catch {
    return false;
  }
}

/** Applies one `data` event of a run to the page's values and prop overrides. */
export function applyOutputs(values: Values, overrides: Overrides, dep: Dependency, data: readonly unknown[]): OutputResult {
  const nextValues = new Map(values);
  const nextOverrides = new Map(overrides);
  const changed: number[] = [];
  dep.outputs.forEach((id, i) => {
    if (i >= data.length) return;
    let value = data[i];
    if (isUpdate(value)) {
      const { __type__: _type, value: updated, ...props } = value;
      if (Object.keys(props).length > 0) nextOverrides.set(id, { ...nextOverrides.get(id), ...props });
      if (!('value' in value)) return;
      value = updated;
    }
    if (!sameValue(nextValues.get(id), value)) changed.push(id);
    nextValues.set(id, value);
  });
  return { values: nextValues, overrides: nextOverrides, changed };
}

/** Gradio's `gr.skip()`: applyOutputs leaves the output as it is. */
const NO_CHANGE = Object.freeze({ __type__: 'update' });

/**
 * A run's data with every output the run did not change since its last data (or since it started,
 * against what the page held then) turned into "no change", as Gradio streams diffs: a generator
 * that yields `''` for the message box on every token must not wipe what the user types there.
 */
export function onlyChanged(previous: readonly unknown[], data: readonly unknown[]): unknown[] {
  return data.map((value, i) => (i < previous.length && sameValue(previous[i], value) ? NO_CHANGE : value));
}

/** A component's props with output updates applied. */
export function effectiveProps(component: ComponentInfo, overrides: Overrides): Readonly<Record<string, unknown>> {
  const override = overrides.get(component.id);
  return override ? { ...component.props, ...override } : component.props;
}

/**
 * The outputs a run's progress is drawn over: the drawn ones (not state, not hidden), except a box
 * the run also reads (the chat's message box, which the user types the next message in while the
 * reply streams), unless nothing else is left. A chatbot it reads and writes is the conversation
 * itself and keeps its progress.
 */
export function progressTargets(dep: Dependency, components: ReadonlyMap<number, ComponentInfo>): number[] {
  const drawn = dep.outputs.filter((id, i) => {
    const c = components.get(id);
    return c !== undefined && c.type !== 'state' && c.props.visible !== false && dep.outputs.indexOf(id) === i;
  });
  const free = drawn.filter((id) => !dep.inputs.includes(id) || components.get(id)?.type === 'chatbot');
  return free.length > 0 ? free : drawn;
}

/** Where a dependency's status is shown (what screen readers hear, its error): its first progress target, or null for the page. */
export function statusAnchor(dep: Dependency, components: ReadonlyMap<number, ComponentInfo>): number | null {
  return progressTargets(dep, components)[0] ?? null;
}
