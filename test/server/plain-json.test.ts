import { describe, expect, it } from 'vitest';
import { plainJson } from '../../main/server/gradio/values-out.js';

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
