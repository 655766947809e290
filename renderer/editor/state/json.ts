import type { JsonObject, JsonValue } from './editor-state.js';

/**
 * Immutable reads and writes on the JSON document. The document may be invalid (the user is
 * mid-edit), so every reader checks the shape it needs and answers undefined otherwise; writers
 * copy only the objects along the path they change.
 */

/** A key or index path inside a JSON value, e.g. `['queue', 'maxSize']` or `['functions', 0]`. */
export type JsonPath = readonly (string | number)[];

export function isObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function objectAt(value: JsonValue | undefined): JsonObject | undefined {
  return isObject(value) ? value : undefined;
}

export function arrayAt(value: JsonValue | undefined): JsonValue[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

export function stringAt(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** An own property only: a key named "constructor" must not find Object.prototype's. */
export function own(object: JsonObject, key: string): JsonValue | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

export function getIn(value: JsonValue | undefined, path: JsonPath): JsonValue | undefined {
  let current = value;
  for (const key of path) {
    if (typeof key === 'number') current = arrayAt(current)?.[key];
    else current = isObject(current) ? own(current, key) : undefined;
    if (current === undefined) return undefined;
  }
  return current;
}

/**
 * `root` with the value at `path` replaced; `undefined` removes the key (and then any object the
 * removal left empty on the way up, so setting and clearing a field leaves no `"queue": {}`
 * behind). Missing objects on the way are created. A new key goes last, an existing key keeps its
 * place, so the saved file's key order changes only where the user added something.
 */
export function setIn(root: JsonObject, path: JsonPath, value: JsonValue | undefined): JsonObject {
  const result = setAny(root, path, value);
  return isObject(result) ? result : {};
}

function setAny(current: JsonValue | undefined, path: JsonPath, value: JsonValue | undefined): JsonValue | undefined {
  const [key, ...rest] = path;
  if (key === undefined) return value;
  if (typeof key === 'number') {
    const list = [...(arrayAt(current) ?? [])];
    const next = setAny(list[key], rest, value);
    if (next === undefined) list.splice(key, 1);
    else list[key] = next;
    return list;
  }
  const object: JsonObject = isObject(current) ? { ...current } : {};
  const next = setAny(own(object, key), rest, value);
  if (next === undefined) {
    const remaining = Object.fromEntries(Object.entries(object).filter(([name]) => name !== key));
    return Object.keys(remaining).length === 0 ? undefined : remaining;
  }
  // defineProperty, not `object[key] =`: a key "__proto__" must stay data, never set the prototype.
  Object.defineProperty(object, key, { value: next, enumerable: true, writable: true, configurable: true });
  return object;
}

/** Deep equality of JSON values (key order ignored). */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]));
}
