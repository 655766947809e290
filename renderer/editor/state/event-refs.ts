import type { JsonObject, JsonValue } from './editor-state.js';
import { arrayAt, isObject, own, stringAt, type JsonPath } from './json.js';
import { blocksUi } from './tree.js';

/**
 * How events name components, and what happens to them when a component goes or is renamed.
 *
 * Deleting a component removes it from every event that names it (its triggers, inputs and outputs,
 * chained events included) and says so in one line per event; an event left with no trigger is
 * deleted with its chain, since an event that nothing starts does nothing. Undo brings all of it back.
 * The alternative (refusing to delete a component an event uses) would make the user edit events
 * before every delete; a named, undoable cleanup is faster and loses nothing.
 */

/** A top-level event (`index`) or one chained under it (`then`: the indexes down the `then` lists). */
export interface EventPath {
  readonly index: number;
  readonly then: readonly number[];
}

/** The event's place in the document, from the root: `['ui', 'events', 0, 'then', 1]`. */
export function eventJsonPath(path: EventPath): JsonPath {
  return ['ui', 'events', path.index, ...path.then.flatMap((i) => ['then', i])];
}

export function eventsOf(doc: JsonObject): readonly JsonValue[] {
  const ui = blocksUi(doc);
  return (ui && arrayAt(own(ui, 'events'))) ?? [];
}

/** `["a.click", "b.submit"]` whatever the file wrote (one string or a list). */
export function triggersOf(event: JsonObject): string[] {
  const trigger = own(event, 'trigger');
  if (typeof trigger === 'string') return [trigger];
  return (arrayAt(trigger) ?? []).filter((t): t is string => typeof t === 'string');
}

/** The component id a trigger names (`"name.submit"` → `"name"`), or undefined for "load". */
export function triggerComponent(trigger: string): string | undefined {
  const dot = trigger.indexOf('.');
  return dot > 0 ? trigger.slice(0, dot) : undefined;
}

/** A trigger list in the file's shorter form: one trigger as a string. */
export function triggerValue(triggers: readonly string[]): JsonValue {
  return triggers.length === 1 ? (triggers[0] ?? '') : [...triggers];
}

export function describeEvent(event: JsonValue | undefined, path: EventPath): string {
  const fn = isObject(event) ? stringAt(own(event, 'fn')) : undefined;
  const chain = path.then.map((i) => ` → then ${i + 1}`).join('');
  return `event ${path.index + 1}${chain}${fn ? ` (${fn})` : ''}`;
}

function withoutIds(list: JsonValue | undefined, ids: ReadonlySet<string>): { list: JsonValue[]; removed: string[] } {
  const items = arrayAt(list) ?? [];
  const removed = items.filter((item): item is string => typeof item === 'string' && ids.has(item));
  return { list: items.filter((item) => !(typeof item === 'string' && ids.has(item))), removed };
}

/** One event (and its chain) with `ids` removed from inputs and outputs; notes say what went. */
function dropFromBody(event: JsonObject, ids: ReadonlySet<string>, path: EventPath, notes: string[]): JsonObject {
  let next = event;
  for (const key of ['inputs', 'outputs'] as const) {
    if (own(next, key) === undefined) continue;
    const { list, removed } = withoutIds(own(next, key), ids);
    if (removed.length === 0) continue;
    next = { ...next, [key]: list };
    notes.push(`Removed ${removed.map((id) => `"${id}"`).join(', ')} from the ${key} of ${describeEvent(event, path)}.`);
  }
  const then = arrayAt(own(next, 'then'));
  if (then) {
    next = {
      ...next,
      then: then.map((child, i) => (isObject(child) ? dropFromBody(child, ids, { ...path, then: [...path.then, i] }, notes) : child)),
    };
  }
  return next;
}

/** `doc` with the components `ids` removed from every event; notes say what changed, one line each. */
export function dropComponentRefs(doc: JsonObject, ids: ReadonlySet<string>): { doc: JsonObject; notes: string[] } {
  const ui = blocksUi(doc);
  const events = ui && arrayAt(own(ui, 'events'));
  if (!ui || !events || ids.size === 0) return { doc, notes: [] };
  const notes: string[] = [];
  const kept: JsonValue[] = [];
  events.forEach((event, index) => {
    if (!isObject(event)) return void kept.push(event);
    const path = { index, then: [] };
    const triggers = triggersOf(event);
    const left = triggers.filter((t) => !ids.has(triggerComponent(t) ?? ''));
    if (triggers.length > 0 && left.length === 0) {
      notes.push(`Deleted ${describeEvent(event, path)}: nothing else triggers it.`);
      return;
    }
    let next = event;
    if (left.length < triggers.length) {
      next = { ...next, trigger: triggerValue(left) };
      notes.push(`Removed ${triggers.filter((t) => !left.includes(t)).join(', ')} from the triggers of ${describeEvent(event, path)}.`);
    }
    kept.push(dropFromBody(next, ids, path, notes));
  });
  if (notes.length === 0) return { doc, notes };
  return { doc: { ...doc, ui: { ...ui, events: kept } }, notes };
}

function renameIn(list: JsonValue | undefined, from: string, to: string): JsonValue | undefined {
  const items = arrayAt(list);
  return items?.map((item) => (item === from ? to : item)) ?? list;
}

function renameInEvent(event: JsonValue, from: string, to: string, top: boolean): JsonValue {
  if (!isObject(event)) return event;
  const next: JsonObject = { ...event };
  if (top && own(event, 'trigger') !== undefined) {
    const renamed = triggersOf(event).map((t) => (triggerComponent(t) === from ? `${to}${t.slice(from.length)}` : t));
    next.trigger = typeof own(event, 'trigger') === 'string' ? (renamed[0] ?? '') : renamed;
  }
  for (const key of ['inputs', 'outputs'] as const) {
    const list = renameIn(own(event, key), from, to);
    if (list !== undefined) next[key] = list;
  }
  const then = arrayAt(own(event, 'then'));
  if (then) next.then = then.map((child) => renameInEvent(child, from, to, false));
  return next;
}

/** `doc` with every event reference to component `from` renamed to `to`. */
export function renameComponentRefs(doc: JsonObject, from: string, to: string): JsonObject {
  const ui = blocksUi(doc);
  const events = ui && arrayAt(own(ui, 'events'));
  if (!ui || !events || from === to) return doc;
  return { ...doc, ui: { ...ui, events: events.map((event) => renameInEvent(event, from, to, true)) } };
}

/** Every event path, chains included, in the order the file lists them. */
export function allEventPaths(doc: JsonObject): EventPath[] {
  const out: EventPath[] = [];
  const walk = (event: JsonValue | undefined, path: EventPath): void => {
    out.push(path);
    const then = isObject(event) ? arrayAt(own(event, 'then')) : undefined;
    (then ?? []).forEach((child, i) => walk(child, { ...path, then: [...path.then, i] }));
  };
  eventsOf(doc).forEach((event, index) => walk(event, { index, then: [] }));
  return out;
}
