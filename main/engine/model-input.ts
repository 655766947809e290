import type { ModelDefinition } from '../../preload/shared/project/schema-models.js';
import { toModelInput } from './adapt-values.js';

/**
 * One caller's inputs → what goes to a model's worker. A float32 ONNX model with one declared
 * input, called with one flat row of numbers (the JSON a client sends), gets the row as a
 * Float32Array: it crosses the IPC channel as 4 raw bytes per value instead of a 9-byte tagged
 * double each, and the worker's deserialiser copies one buffer instead of building a JS array
 * of 512 numbers (issue 17: 32 → 6 µs to serialise, 20 → 2 µs to deserialise a 512-float row).
 * The worker resolves a flat typed array to the same dims as the flat number[] it replaces, and
 * float32 rounding is the same whichever side does it, so the model sees identical values.
 * Anything else (nested rows, several inputs, images, files, other dtypes) goes as before.
 */
export function toModelCall(definition: ModelDefinition | undefined, inputs: readonly unknown[]): unknown {
  if (inputs.length !== 1) return inputs.map(toModelInput);
  const value = inputs[0];
  return takesFloatRow(definition) && isFlatNumbers(value) ? floatRow(value) : toModelInput(value);
}

/**
 * Walks the row by index: a `for...of` over a number[], or `new Float32Array(array)` (which goes
 * through the array's iterator), boxed every value into a heap number and made a result object
 * per value in code V8 had not optimised, 4-8 KB of garbage for a 256-float row (issue 17).
 */
function floatRow(values: readonly number[]): Float32Array {
  const length = values.length;
  const row = new Float32Array(length);
  for (let i = 0; i < length; i++) row[i] = values[i] as number;
  return row;
}

function takesFloatRow(definition: ModelDefinition | undefined): boolean {
  if (definition?.runtime !== 'onnx' || definition.preprocess?.image) return false;
  const [only, ...others] = definition.inputs;
  return only?.dtype === 'float32' && others.length === 0;
}

function isFlatNumbers(value: unknown): value is number[] {
  if (!Array.isArray(value) || value.length === 0) return false;
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'number') return false;
  return true;
}
