import type { z } from 'zod';
import { asRecord } from './raw-json.js';
import { project as projectSchema } from './schema.js';

/**
 * How the editor writes project.json: 2-space JSON, keys in the order the zod schema declares them
 * (recursively: models, functions, components and their props, events), a final newline. Unknown
 * keys (the schema will report them) follow the known ones in their own order; names the user
 * chose (models, functions) keep the user's order. So a saved file diffs small, and two editors
 * that make the same edit write the same bytes. Pure: the renderer's JSON view formats the same way.
 */

type Schema = z.core.$ZodType;
type Def = z.core.$ZodTypeDef;

/** Wrappers whose inner schema decides the shape of the value. */
function unwrap(schema: Schema): Schema {
  let current = schema;
  for (let depth = 0; depth < 32; depth++) {
    const def = current._zod.def;
    switch (def.type) {
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'nonoptional':
      case 'catch':
      case 'readonly':
        current = (def as z.core.$ZodOptionalDef).innerType;
        break;
      case 'lazy':
        current = (def as z.core.$ZodLazyDef).getter();
        break;
      case 'pipe':
        current = (def as z.core.$ZodPipeDef).in;
        break;
      default:
        return current;
    }
  }
  return current;
}

/** The options of a union, nested unions flattened, wrappers removed. */
function unionOptions(schema: Schema): Schema[] {
  const inner = unwrap(schema);
  const def = inner._zod.def;
  if (def.type !== 'union') return [inner];
  return (def as z.core.$ZodUnionDef).options.flatMap(unionOptions);
}

/** Whether a literal or enum field accepts `value` (other fields accept anything here). */
function fieldAccepts(field: Schema, value: unknown): boolean {
  const def: Def = unwrap(field)._zod.def;
  if (def.type === 'literal') return (def as z.core.$ZodLiteralDef<z.core.util.Literal>).values.includes(value as z.core.util.Literal);
  if (def.type === 'enum') return Object.values((def as z.core.$ZodEnumDef).entries).includes(value as string);
  return true;
}

/** How well `value` fits `schema`: negative when a literal key (`type`, `kind`) rules it out. */
function fit(schema: Schema, value: unknown): number {
  const def = schema._zod.def;
  if (Array.isArray(value)) {
    if (def.type !== 'array' && def.type !== 'tuple') return -1;
    const element = def.type === 'array' ? (def as z.core.$ZodArrayDef).element : undefined;
    return element && value.length > 0 ? best(element, value[0]).score : 0;
  }
  const record = asRecord(value);
  if (!record) return def.type === 'object' || def.type === 'record' || def.type === 'array' ? -1 : 0;
  if (def.type === 'record') return 0;
  if (def.type !== 'object') return -1;
  const shape = (def as z.core.$ZodObjectDef).shape;
  let score = 0;
  for (const [key, item] of Object.entries(record)) {
    const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (!field) continue;
    if (!fieldAccepts(field, item)) return -1;
    score++;
  }
  return score;
}

/** The union option that fits `value` best (the first of equals). */
function best(schema: Schema, value: unknown): { schema: Schema; score: number } {
  let found = { schema: unwrap(schema), score: Number.NEGATIVE_INFINITY };
  for (const option of unionOptions(schema)) {
    const score = fit(option, value);
    if (score > found.score) found = { schema: option, score };
  }
  return found;
}

/** `value` with every object's keys in its schema's order; values are never changed, only reordered. */
export function orderKeys(value: unknown, schema: Schema = projectSchema): unknown {
  if (value === null || typeof value !== 'object') return value;
  const chosen = best(schema, value).schema;
  const def = chosen._zod.def;
  if (Array.isArray(value)) {
    const items: readonly unknown[] = value;
    if (def.type === 'array') return items.map((item) => orderKeys(item, (def as z.core.$ZodArrayDef).element));
    if (def.type === 'tuple') {
      const schemas = (def as z.core.$ZodTupleDef).items;
      return items.map((item, i) => (schemas[i] ? orderKeys(item, schemas[i]) : item));
    }
    return items;
  }
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  if (def.type === 'record') {
    const valueType = (def as z.core.$ZodRecordDef).valueType;
    for (const [key, item] of Object.entries(record)) out[key] = orderKeys(item, valueType);
    return out;
  }
  if (def.type !== 'object') return value;
  const shape = (def as z.core.$ZodObjectDef).shape;
  for (const key of Object.keys(shape)) {
    const field = shape[key];
    if (Object.hasOwn(record, key) && field) out[key] = orderKeys(record[key], field);
  }
  for (const [key, item] of Object.entries(record)) if (!Object.hasOwn(out, key)) out[key] = item;
  return out;
}

/** Lines of a saved project stay within this many columns where a value can go on one line. */
export const LINE_WIDTH = 100;
/** A value nested deeper than this is written over several lines even when it would fit. */
const MAX_INLINE_DEPTH = 2;

function depth(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
  return 1 + children.reduce<number>((most, child) => Math.max(most, depth(child)), 0);
}

/** One line, spaced the way people write JSON by hand: `{ "a": 1, "b": [1, 2] }`. */
function inline(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  return `{ ${entries.map(([key, item]) => `${JSON.stringify(key)}: ${inline(item)}`).join(', ')} }`;
}

/** `value` written at `indent`, after `prefix` (the key) on its first line. */
function print(value: unknown, indent: string, prefix: string): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const one = inline(value);
  if (depth(value) <= MAX_INLINE_DEPTH && indent.length + prefix.length + one.length + 1 <= LINE_WIDTH) return one;
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((item) => inner + print(item, inner, '')).join(',\n')}\n${indent}]`;
  const lines = Object.entries(value as Record<string, unknown>).map(([key, item]) => {
    const head = `${JSON.stringify(key)}: `;
    return inner + head + print(item, inner, head);
  });
  return `{\n${lines.join(',\n')}\n${indent}}`;
}

/**
 * The text the editor saves for a project (parsed JSON, valid or not): keys in the schema's order,
 * two-space indents, and small values (at most two levels deep) on one line when the line stays
 * within LINE_WIDTH, as a person would write them, so a saved file reads and diffs like a hand-written one.
 */
export function formatProject(json: unknown): string {
  return `${print(orderKeys(json), '', '')}\n`;
}

/**
 * Whether two parsed JSON values mean the same: objects compare key by key whatever their order,
 * arrays element by element. A document equal to the file it came from is saved as the file's own
 * text, so opening and saving without edits changes no byte.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every((key) => Object.hasOwn(right, key) && sameJson(left[key], right[key]));
}
