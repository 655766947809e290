import { AppError } from '../../../preload/shared/errors.js';
import type { TensorSpec } from '../../../preload/shared/project/schema-models.js';

/**
 * Plain tensors (dtype, dims, flat data) and the conversion from what users pass (nested arrays,
 * typed arrays, `{ dims, data }`) to the shape a model declares. Kept free of onnxruntime so the
 * rules are easy to test and the same values cross the IPC channel unchanged.
 */

export type TensorDtype = TensorSpec['dtype'];
export type TensorValues = Float32Array | Uint16Array | BigInt64Array | Int32Array | Uint8Array | Int8Array | string[];

export interface TensorData {
  readonly dtype: TensorDtype;
  readonly dims: readonly number[];
  readonly data: TensorValues;
}

type Scalar = number | bigint | boolean | string;

function isTypedArray(value: unknown): value is ArrayLike<number | bigint> {
  return ArrayBuffer.isView(value) && !(value instanceof DataView);
}

/** An explicit tensor: `{ dims: [1, 3], data: [...] }`. */
function isExplicitTensor(value: unknown): value is { dims: unknown; data: unknown } {
  return typeof value === 'object' && value !== null && 'dims' in value && 'data' in value && Array.isArray(value.dims);
}

export function product(dims: readonly number[]): number {
  return dims.reduce((total, dim) => total * dim, 1);
}

/**
 * Like flatten, but a typed array comes back as it is rather than as a copy: toTypedValues then
 * converts it in one step (the image path hands over a Float32Array of every pixel).
 */
function flattenTop(value: unknown, name: string): { shape: number[]; values: readonly Scalar[] | ArrayLike<number | bigint> } {
  return isTypedArray(value) ? { shape: [value.length], values: value } : flatten(value, name);
}

/** Walks a (possibly nested) array: its rectangular shape and its values in row-major order. */
function flatten(value: unknown, name: string): { shape: number[]; values: Scalar[] } {
  if (isTypedArray(value)) return { shape: [value.length], values: Array.from(value) };
  if (!Array.isArray(value)) {
    if (['number', 'bigint', 'boolean', 'string'].includes(typeof value)) return { shape: [], values: [value as Scalar] };
    throw new AppError('INVALID_INPUT', `Input "${name}" must be numbers (an array, a typed array or { dims, data }).`);
  }
  if (value.length === 0) return { shape: [0], values: [] };
  // The common case (one row of numbers) without an object per element.
  if (value.every((item) => typeof item === 'number')) return { shape: [value.length], values: value };
  const parts = value.map((item: unknown) => flatten(item, name));
  const inner = parts[0]?.shape ?? [];
  for (const part of parts) {
    if (part.shape.join() !== inner.join()) {
      throw new AppError('INVALID_INPUT', `Input "${name}" is a ragged array; every row must have the same shape.`);
    }
  }
  return { shape: [value.length, ...inner], values: parts.flatMap((part) => part.values) };
}

function matches(declared: readonly (number | string)[], dims: readonly number[]): boolean {
  return declared.length === dims.length && declared.every((dim, i) => typeof dim === 'string' || dim === dims[i]);
}

/**
 * Chooses concrete dims for `count` values: the nested shape if it fits the declaration, the nested
 * shape with a leading batch of 1 (one sample), or, with a single dynamic axis, the value that makes
 * the count fit (a flat [256] into [batch, 128] is a batch of 2).
 */
export function resolveDims(spec: TensorSpec, nested: readonly number[], count: number): number[] {
  const declared = spec.shape;
  if (matches(declared, nested)) return [...nested];
  if (typeof declared[0] === 'string' && matches(declared.slice(1), nested)) return [1, ...nested];
  const dynamic = declared.filter((dim) => typeof dim === 'string').length;
  const fixed = product(declared.filter((dim): dim is number => typeof dim === 'number'));
  if (dynamic === 1 && fixed > 0 && count % fixed === 0 && count > 0) {
    return declared.map((dim) => (typeof dim === 'number' ? dim : count / fixed));
  }
  if (dynamic === 0 && count === fixed) return declared.map(Number);
  throw new AppError(
    'INVALID_INPUT',
    `Input "${spec.name}" has shape [${nested.join(', ')}] (${count} values), which does not fit the declared shape ` +
      `[${declared.join(', ')}]. Pass a nested array of that shape, or { dims, data }.`,
  );
}

/**
 * The typed arrays that hold a dtype's values as onnxruntime reads them. float16 (half bits in a
 * Uint16Array) and bool (0/1 bytes) are not here: their values are converted, never taken as they are.
 */
const SAME_VALUES: Partial<Record<TensorDtype, new (length: number) => Exclude<TensorValues, string[]>>> = {
  float32: Float32Array,
  int64: BigInt64Array,
  int32: Int32Array,
  uint8: Uint8Array,
  int8: Int8Array,
};

/** Converts numbers (or strings) to the typed array onnxruntime expects for `dtype`. */
export function toTypedValues(dtype: TensorDtype, values: readonly Scalar[] | ArrayLike<number | bigint>): TensorValues {
  // Already that typed array (the engine sends a float32 row as a Float32Array): taken as it is. It
  // arrived through the IPC channel, where nothing else writes it, and onnxruntime only reads an input
  // (issue 17: one allocation and copy fewer per request in the worker).
  const same = SAME_VALUES[dtype];
  if (same && values instanceof same) return values;
  // The hot path (a float32 input sent as number[] or a typed array): one copy, no per-value callback.
  if (dtype === 'float32' && allNumbers(values)) return new Float32Array(values);
  const list = Array.from(values as ArrayLike<Scalar>);
  switch (dtype) {
    case 'string':
      return list.map(String);
    case 'int64':
      return BigInt64Array.from(list, (v) => (typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v)))));
    case 'float16':
      return Uint16Array.from(list, (v) => toHalf(Number(v)));
    case 'bool':
      return Uint8Array.from(list, (v) => (Number(v) ? 1 : 0));
    case 'float32':
      return Float32Array.from(list, Number);
    case 'int32':
      return Int32Array.from(list, Number);
    case 'uint8':
      return Uint8Array.from(list, Number);
    case 'int8':
      return Int8Array.from(list, Number);
  }
}

function allNumbers(values: readonly Scalar[] | ArrayLike<number | bigint>): values is ArrayLike<number> {
  if (ArrayBuffer.isView(values)) return !(values instanceof BigInt64Array || values instanceof BigUint64Array);
  for (let i = 0; i < values.length; i++) if (typeof values[i] !== 'number') return false;
  return true;
}

/** A user value for one declared input → a tensor of the declared dtype with concrete dims. */
export function toTensorData(value: unknown, spec: TensorSpec): TensorData {
  if (isExplicitTensor(value)) {
    const dims = (value.dims as unknown[]).map(Number);
    const { values } = flattenTop(value.data, spec.name);
    if (values.length !== product(dims)) {
      throw new AppError('INVALID_INPUT', `Input "${spec.name}": dims [${dims.join(', ')}] do not match ${values.length} values.`);
    }
    if (!matches(spec.shape, dims)) {
      throw new AppError('INVALID_INPUT', `Input "${spec.name}": dims [${dims.join(', ')}] do not fit [${spec.shape.join(', ')}].`);
    }
    return { dtype: spec.dtype, dims, data: toTypedValues(spec.dtype, values) };
  }
  const { shape, values } = flattenTop(value, spec.name);
  const dims = resolveDims(spec, shape, values.length);
  return { dtype: spec.dtype, dims, data: toTypedValues(spec.dtype, values) };
}

/** Joins tensors along dim 0 (the batch). All parts share dtype and trailing dims. */
export function concatRows(parts: readonly TensorData[]): TensorData {
  const first = parts[0];
  if (!first) throw new AppError('INTERNAL', 'concatRows needs at least one tensor.');
  if (parts.length === 1) return first;
  const rows = parts.reduce((total, part) => total + (part.dims[0] ?? 1), 0);
  const dims = [rows, ...first.dims.slice(1)];
  if (Array.isArray(first.data)) {
    return { dtype: first.dtype, dims, data: parts.flatMap((part) => part.data as string[]) };
  }
  const total = parts.reduce((sum, part) => sum + part.data.length, 0);
  const Constructor = first.data.constructor as new (length: number) => Exclude<TensorValues, string[]>;
  const joined = new Constructor(total);
  let offset = 0;
  for (const part of parts) {
    (joined as { set(values: ArrayLike<number | bigint>, offset: number): void }).set(part.data as ArrayLike<number | bigint>, offset);
    offset += part.data.length;
  }
  return { dtype: first.dtype, dims, data: joined };
}

/** Rows [start, start + count) of a tensor with a batch dimension. */
export function sliceRows(tensor: TensorData, start: number, count: number): TensorData {
  const rowSize = product(tensor.dims.slice(1));
  const data = tensor.data.slice(start * rowSize, (start + count) * rowSize) as TensorValues;
  return { dtype: tensor.dtype, dims: [count, ...tensor.dims.slice(1)], data };
}

const FLOAT_VIEW = new Float32Array(1);
const INT_VIEW = new Uint32Array(FLOAT_VIEW.buffer);

/** float32 → IEEE 754 half bits (round to nearest even), since Node 20 has no Float16Array. */
export function toHalf(value: number): number {
  FLOAT_VIEW[0] = value;
  const bits = INT_VIEW[0] ?? 0;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  let mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0); // Inf / NaN
  let e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // overflow → Inf
  if (e <= 0) {
    if (e < -10) return sign; // underflow → ±0
    mantissa = (mantissa | 0x800000) >> (1 - e);
    const rounded = (mantissa + 0xfff + ((mantissa >> 13) & 1)) >> 13;
    return sign | rounded;
  }
  const rounded = mantissa + 0xfff + ((mantissa >> 13) & 1);
  if (rounded & 0x800000) {
    mantissa = 0;
    e += 1;
    if (e >= 0x1f) return sign | 0x7c00;
  } else {
    mantissa = rounded;
  }
  return sign | (e << 10) | (mantissa >> 13);
}

export function fromHalf(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}
