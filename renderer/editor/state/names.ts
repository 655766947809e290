import type { JsonObject, JsonValue } from './editor-state.js';
import { allEventPaths, describeEvent, eventJsonPath } from './event-refs.js';
import { arrayAt, getIn, isObject, objectAt, own, setIn, stringAt } from './json.js';

/**
 * Models and functions by name: who uses a name (so a delete can be refused with the reason) and
 * renames that carry every reference along. A model or function in use is not deleted: unlike a
 * component, removing the reference would leave an event or function that cannot run, so the user
 * decides what to change first.
 */

export function section(doc: JsonObject, key: 'models' | 'functions'): JsonObject {
  return objectAt(own(doc, key)) ?? {};
}

/** `base`, or `base_1`, `base_2`, ... if taken. */
export function freshName(base: string, taken: Iterable<string>): string {
  const names = new Set(taken);
  if (!names.has(base)) return base;
  for (let n = 1; ; n++) if (!names.has(`${base}_${n}`)) return `${base}_${n}`;
}

/** `object` with key `from` renamed to `to`, in the same place among the keys. */
export function renameKey(object: JsonObject, from: string, to: string): JsonObject {
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key === from ? to : key, value]));
}

/** Functions whose `functions` list (parallel, chain) names `name`. */
function compositeUsers(doc: JsonObject, name: string): string[] {
  return Object.entries(section(doc, 'functions'))
    .filter(([, fn]) => isObject(fn) && (arrayAt(own(fn, 'functions')) ?? []).includes(name))
    .map(([user]) => `function "${user}"`);
}

/** What runs function `name`: events, the Interface, parallel and chain functions. */
export function functionUsers(doc: JsonObject, name: string): string[] {
  const users = compositeUsers(doc, name);
  for (const path of allEventPaths(doc)) {
    const event = getIn(doc, eventJsonPath(path));
    if (isObject(event) && own(event, 'fn') === name) users.push(describeEvent(event, path));
  }
  if (getIn(doc, ['ui', 'type']) === 'interface' && getIn(doc, ['ui', 'fn']) === name) users.push('the Interface');
  return users;
}

/** Functions that call model `name`. */
export function modelUsers(doc: JsonObject, name: string): string[] {
  return Object.entries(section(doc, 'functions'))
    .filter(([, fn]) => isObject(fn) && own(fn, 'kind') === 'model' && own(fn, 'model') === name)
    .map(([user]) => `function "${user}"`);
}

/** "in use by event 1 (greet) and function "both"" for a refused delete. */
export function usedByMessage(what: string, users: readonly string[]): string {
  const list = users.length <= 2 ? users.join(' and ') : `${users.slice(0, -1).join(', ')} and ${users.at(-1) ?? ''}`;
  return `${what} is used by ${list}; change those first (or undo after deleting them).`;
}

export function renameModel(doc: JsonObject, from: string, to: string): JsonObject {
  const functions = Object.fromEntries(
    Object.entries(section(doc, 'functions')).map(([name, fn]): [string, JsonValue] => [
      name,
      isObject(fn) && own(fn, 'kind') === 'model' && own(fn, 'model') === from ? { ...fn, model: to } : fn,
    ]),
  );
  const next = { ...doc, models: renameKey(section(doc, 'models'), from, to) };
  return own(doc, 'functions') === undefined ? next : { ...next, functions };
}

export function renameFunction(doc: JsonObject, from: string, to: string): JsonObject {
  const functions = Object.fromEntries(
    Object.entries(renameKey(section(doc, 'functions'), from, to)).map(([name, fn]): [string, JsonValue] => {
      const list = isObject(fn) ? arrayAt(own(fn, 'functions')) : undefined;
      return [name, list && isObject(fn) ? { ...fn, functions: list.map((f) => (f === from ? to : f)) } : fn];
    }),
  );
  let next: JsonObject = { ...doc, functions };
  for (const path of allEventPaths(doc)) {
    const where = eventJsonPath(path);
    if (stringAt(getIn(next, [...where, 'fn'])) === from) next = setIn(next, [...where, 'fn'], to);
  }
  if (getIn(next, ['ui', 'type']) === 'interface' && getIn(next, ['ui', 'fn']) === from) next = setIn(next, ['ui', 'fn'], to);
  return next;
}

/** A model name from a Hub id: `Xenova/t5-small` → `t5-small`, made an identifier (`1b` → `_1b`). */
export function nameFromHubId(id: string): string {
  const last = id.split('/').at(-1) ?? id;
  const cleaned = last.replace(/[^A-Za-z0-9_-]/g, '_');
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `_${cleaned}`;
}
