/**
 * Readers for JSON that has not passed the schema (yet): each returns undefined when the value does
 * not have the asked shape, so checks that run beside the schema (references, paths) look only at
 * what they can read and leave every type error to the schema's own report.
 */

export type JsonRecord = Readonly<Record<string, unknown>>;

export function asRecord(value: unknown): JsonRecord | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonRecord) : undefined;
}

export function asArray(value: unknown): readonly unknown[] | undefined {
  return Array.isArray(value) ? (value as unknown[]) : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The string elements of an array with their indices; other elements are the schema's to report. */
export function stringsOf(value: unknown): (readonly [number, string])[] {
  const out: (readonly [number, string])[] = [];
  asArray(value)?.forEach((item, i) => {
    if (typeof item === 'string') out.push([i, item]);
  });
  return out;
}

/**
 * Whether `name` is one of the record's own keys. Never `name in record`: that also finds
 * "toString" or "constructor" on Object.prototype, so an event naming them would pass.
 */
export function hasName(record: JsonRecord, name: string): boolean {
  return Object.hasOwn(record, name);
}
