/**
 * Checks for JSON the page did not write (/config, /info): each one returns the value with its
 * type, or throws the caller's error naming the JSON path of the first value it cannot use.
 */

export type Json = Record<string, unknown>;

/** A payload the page cannot use; `path` is a JSON path like `dependencies[0].inputs`. */
export class PayloadError extends Error {
  constructor(
    what: string,
    readonly path: string,
    expected: string,
  ) {
    super(`Invalid ${what} at ${path || '(root)'}: expected ${expected}.`);
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface JsonReader {
  readonly object: (value: unknown, path: string) => Json;
  readonly array: (value: unknown, path: string) => unknown[];
  readonly string: (value: unknown, path: string) => string;
  readonly integer: (value: unknown, path: string) => number;
}

/** The checks, throwing `fail(path, expected)`. */
export function jsonReader(fail: (path: string, expected: string) => Error): JsonReader {
  return {
    object: (value, path) => {
      if (!isObject(value)) throw fail(path, 'an object');
      return value;
    },
    array: (value, path) => {
      if (!Array.isArray(value)) throw fail(path, 'an array');
      return value as unknown[];
    },
    string: (value, path) => {
      if (typeof value !== 'string') throw fail(path, 'a string');
      return value;
    },
    integer: (value, path) => {
      if (typeof value !== 'number' || !Number.isInteger(value)) throw fail(path, 'an integer');
      return value;
    },
  };
}
