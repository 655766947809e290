import { projectJsonSchema } from '../../../preload/shared/project/json-schema.js';
import type { JsonValue } from '../state/editor-state.js';

/**
 * Form fields generated from the project's JSON Schema (itself generated from the zod schema by
 * z.toJSONSchema, the single source of truth): every property of a component, layout, event, model,
 * function or the queue becomes a field whose control follows its schema: string → text, number →
 * number with min/max/step, boolean → checkbox, enum → select, array of an enum → checkboxes,
 * array of strings → list, anything else → JSON text. A property added to the schema shows up here
 * without touching the editor.
 */

/** The subset of JSON Schema that z.toJSONSchema writes for the project. */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly enum?: readonly JsonValue[];
  readonly const?: JsonValue;
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly items?: JsonSchema | false;
  readonly prefixItems?: readonly JsonSchema[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly default?: JsonValue;
  readonly description?: string;
  readonly $ref?: string;
  readonly $defs?: Readonly<Record<string, JsonSchema>>;
}

/** A value a nullable number may take besides numbers, with what the select shows for it. */
export interface Special {
  readonly value: JsonValue;
  readonly label: string;
}

export type Control =
  | { readonly kind: 'text'; readonly multiline: boolean }
  | { readonly kind: 'number'; readonly integer: boolean; readonly min?: number | undefined; readonly max?: number | undefined }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'select'; readonly options: readonly string[] }
  | { readonly kind: 'multi'; readonly options: readonly string[] }
  | { readonly kind: 'list' }
  | {
      readonly kind: 'number-or';
      readonly integer: boolean;
      readonly min?: number | undefined;
      readonly max?: number | undefined;
      readonly specials: readonly Special[];
    }
  | { readonly kind: 'text-or-off' }
  | { readonly kind: 'json' };

export interface FieldSpec {
  readonly key: string;
  readonly label: string;
  readonly description?: string | undefined;
  /** The schema's default: what applies while the field is unset. */
  readonly defaultValue?: JsonValue | undefined;
  readonly required: boolean;
  readonly control: Control;
}

let cached: JsonSchema | undefined;
/** The project's JSON Schema, generated once per page. */
export function projectSchema(): JsonSchema {
  cached ??= projectJsonSchema() as JsonSchema;
  return cached;
}

export function definition(name: string): JsonSchema | undefined {
  const defs = projectSchema().$defs ?? {};
  return Object.hasOwn(defs, name) ? defs[name] : undefined;
}

/** The schema of the object whose `discriminator` is `value` among a oneOf/anyOf (a model's runtime, a function's kind). */
export function variant(schema: JsonSchema | undefined, discriminator: string, value: string): JsonSchema | undefined {
  return [...(schema?.oneOf ?? []), ...(schema?.anyOf ?? [])].find((option) => option.properties?.[discriminator]?.const === value);
}

/** The schema of a component kind (`TextboxComponent`, `HighlightedtextComponent`, ...). */
export function componentSchema(type: string): JsonSchema | undefined {
  return definition(`${type.charAt(0).toUpperCase()}${type.slice(1)}Component`);
}

const LABELS: Readonly<Record<string, string>> = {
  apiName: 'API name',
  apiOpen: 'API open',
  apiVisibility: 'API visibility',
  concurrencyId: 'Concurrency group',
  elemClasses: 'CSS classes',
  maxBatchSize: 'Max batch size',
  memoryBudgetMb: 'Memory budget (MB)',
  idleUnloadSeconds: 'Unload after idle (s)',
  onlyOnSuccess: 'Only on success',
  retryOnCrash: 'Retry on crash',
  dtype: 'Weights dtype',
  numTopClasses: 'Top classes shown',
};

/** `minWidth` → "Min width". */
export function fieldLabel(key: string): string {
  if (Object.hasOwn(LABELS, key)) return LABELS[key] ?? key;
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const MULTILINE: ReadonlySet<string> = new Set(['description', 'article']);

/** A finite bound (z.toJSONSchema writes MAX_SAFE_INTEGER for "no maximum"). */
function bound(value: number | undefined): number | undefined {
  return value === undefined || Math.abs(value) >= Number.MAX_SAFE_INTEGER ? undefined : value;
}

function types(schema: JsonSchema): readonly string[] {
  return schema.type === undefined ? [] : typeof schema.type === 'string' ? [schema.type] : schema.type;
}

function numberControl(schema: JsonSchema): { integer: boolean; min?: number | undefined; max?: number | undefined } {
  const integer = types(schema).includes('integer');
  const exclusive = schema.exclusiveMinimum;
  const min = schema.minimum ?? (exclusive === undefined ? undefined : integer ? exclusive + 1 : exclusive);
  return { integer, min: bound(min), max: bound(schema.maximum) };
}

function stringOptions(values: readonly JsonValue[] | undefined): string[] | undefined {
  return values?.every((v) => typeof v === 'string') ? (values as string[]) : undefined;
}

function unionControl(options: readonly JsonSchema[]): Control {
  const numeric = options.find((o) => types(o).some((t) => t === 'integer' || t === 'number'));
  const rest = options.filter((o) => o !== numeric);
  if (numeric && rest.every((o) => types(o).includes('null') || typeof o.const === 'string')) {
    const specials = rest.map((o): Special =>
      typeof o.const === 'string' ? { value: o.const, label: o.const } : { value: null, label: 'unlimited' },
    );
    return { kind: 'number-or', ...numberControl(numeric), specials };
  }
  if (
    options.length === 2 &&
    options.some((o) => types(o).includes('string') && o.const === undefined) &&
    options.some((o) => o.const === false)
  ) {
    return { kind: 'text-or-off' };
  }
  return { kind: 'json' };
}

/** The control for one property's schema. */
export function controlFor(key: string, schema: JsonSchema): Control {
  const options = stringOptions(schema.enum);
  if (options) return { kind: 'select', options };
  if (schema.anyOf) return unionControl(schema.anyOf);
  const kinds = types(schema);
  if (kinds.length === 1 && kinds[0] === 'string') return { kind: 'text', multiline: MULTILINE.has(key) };
  if (kinds.length === 1 && (kinds[0] === 'integer' || kinds[0] === 'number')) return { kind: 'number', ...numberControl(schema) };
  if (kinds.length === 1 && kinds[0] === 'boolean') return { kind: 'boolean' };
  if (kinds.includes('array') && schema.items && !schema.prefixItems) {
    const items = schema.items;
    const itemOptions = stringOptions(items.enum);
    if (itemOptions) return { kind: 'multi', options: itemOptions };
    const itemKinds = types(items);
    if (itemKinds.includes('string') && itemKinds.every((t) => t === 'string' || t === 'number')) return { kind: 'list' };
    if (items.anyOf?.some((o) => types(o).includes('string'))) return { kind: 'list' };
  }
  return { kind: 'json' };
}

/** The fields of an object schema, in schema order, without `skip` and without constant keys (a type tag). */
export function fieldsOf(schema: JsonSchema | undefined, skip: readonly string[] = []): FieldSpec[] {
  const required = new Set(schema?.required ?? []);
  return Object.entries(schema?.properties ?? {})
    .filter(([key, property]) => !skip.includes(key) && property.const === undefined)
    .map(([key, property]) => ({
      key,
      label: fieldLabel(key),
      description: property.description,
      defaultValue: property.default,
      required: required.has(key),
      control: controlFor(key, property),
    }));
}

/** Component props to show as fields: all but `type` and `id` (the id has its own field, with renaming). */
export function componentFields(type: string): FieldSpec[] {
  return fieldsOf(componentSchema(type), ['id']).map((field) =>
    field.key === 'value' && type === 'markdown' ? { ...field, control: { kind: 'text', multiline: true } } : field,
  );
}

/** Which layout props mean something for each layout (a row has no label; only an accordion opens). */
const LAYOUT_KEYS: Readonly<Record<string, readonly string[]>> = {
  row: ['visible', 'scale', 'minWidth', 'variant'],
  column: ['visible', 'scale', 'minWidth', 'variant'],
  group: ['label', 'visible', 'scale', 'minWidth'],
  tabs: ['visible'],
  tab: ['label', 'visible'],
  accordion: ['label', 'open', 'visible'],
};

export function layoutFields(type: string): FieldSpec[] {
  const keys = LAYOUT_KEYS[type] ?? [];
  return fieldsOf(definition('LayoutNode')).filter((field) => keys.includes(field.key));
}
