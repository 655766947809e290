import { describe, expect, it } from 'vitest';
import { plainJson } from '../../main/server/gradio/values-out.js';
import { setFlagsFromString } from 'node:v8';
import { runInThisContext } from 'node:vm';

describe('plainJson', () => {
  it('turns typed arrays into lists at any depth and leaves other values alone', () => {
    const onnx = { y: { dims: [1, 3], data: new Float32Array([0.5, 1, 2]) }, ids: new BigInt64Array([1n, 2n]) };
    expect(JSON.parse(JSON.stringify(plainJson(onnx)))).toEqual({ y: { dims: [1, 3], data: [0.5, 1, 2] }, ids: [1, 2] });
    expect(plainJson([new Uint8Array([1, 2])])).toEqual([[1, 2]]);
    expect(plainJson(new BigUint64Array([2n ** 64n - 1n]))).toEqual([2 ** 64]);
    expect(plainJson(new Float32Array([0.1, NaN]))).toEqual([Math.fround(0.1), NaN]);
    expect(plainJson('text')).toBe('text');
    const date = new Date(0);
    expect(plainJson(date)).toBe(date);
  });
});

describe('plainJson of a float output', () => {
  it('writes the same JSON as Array.from, as a list with no holes', () => {
    const values = new Float32Array(512).map((_, i) => Math.sin(i * 0.37) * 10 ** ((i % 9) - 4));
    values[3] = -0;
    values[7] = Infinity;
    const plain = plainJson(values) as number[];
    expect(Array.isArray(plain)).toBe(true);
    expect(Object.keys(plain)).toHaveLength(512);
    expect(JSON.stringify(plain)).toBe(JSON.stringify(Array.from(values)));
    expect(plainJson(new Int32Array([1, -2, 3]))).toEqual([1, -2, 3]);
    expect(plainJson(new Float64Array(0))).toEqual([]);
  });
});

describe('plainJson of a typed array, for JSON.stringify', () => {
  it('is a packed array (no holey elements kind), which JSON.stringify writes without a lookup per element', () => {
    // V8's own check of the array's elements kind; the flag only affects functions compiled after it.
    setFlagsFromString('--allow-natives-syntax');
    const isHoley = runInThisContext('(array) => %HasHoleyElements(array)') as (array: unknown) => boolean;
    expect(isHoley(new Array(3))).toBe(true);
    expect(isHoley(plainJson(new Float32Array([0.5, 1.25, -3])))).toBe(false);
    expect(isHoley(plainJson(new Uint8Array([1, 2, 3])))).toBe(false);
  });
});
