import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { buildCostModel, costModelFlopsPerRow, DEFAULT_COST_MODEL } from '../../models/generator/cost-model.js';
import { TINY_DIR } from './local-models.js';

/** Deterministic, varied inputs: row r, column c. */
function inputRows(batch: number, width: number, rowOffset = 0): Float32Array {
  const data = new Float32Array(batch * width);
  for (let r = 0; r < batch; r++) {
    for (let c = 0; c < width; c++) data[r * width + c] = Math.sin((r + rowOffset) * 1.7 + c * 0.31);
  }
  return data;
}

async function run(session: ort.InferenceSession, batch: number, width: number, rowOffset = 0): Promise<ort.Tensor> {
  const x = new ort.Tensor('float32', inputRows(batch, width, rowOffset), [batch, width]);
  const out = await session.run({ x });
  const y = out['y'];
  if (y === undefined) throw new Error('missing output y');
  return y;
}

describe('models/tiny/cost (plain ONNX, onnxruntime-node)', () => {
  const { width, depth } = DEFAULT_COST_MODEL;

  it('committed model has input x / output y with a dynamic batch dimension', async () => {
    const session = await ort.InferenceSession.create(await readFile(join(TINY_DIR, 'cost', 'model.onnx')));
    expect(session.inputNames).toEqual(['x']);
    expect(session.outputNames).toEqual(['y']);
    const y8 = await run(session, 8, width);
    expect(y8.dims).toEqual([8, width]);
    expect(y8.type).toBe('float32');
    await session.release();
  });

  it('is batch-invariant: each row of a batch of 8 equals running that row alone', async () => {
    const session = await ort.InferenceSession.create(await readFile(join(TINY_DIR, 'cost', 'model.onnx')));
    const y8 = (await run(session, 8, width)).data as Float32Array;
    for (const row of [0, 3, 7]) {
      const y1 = (await run(session, 1, width, row)).data as Float32Array;
      const slice = y8.subarray(row * width, (row + 1) * width);
      for (let c = 0; c < width; c++) expect(y1[c]).toBeCloseTo(slice[c] ?? NaN, 5);
    }
    // Non-trivial output: tanh layers keep values in (-1, 1) but not collapsed to one value.
    const distinct = new Set(Array.from(y8.subarray(0, width), (v) => v.toFixed(3)));
    expect(distinct.size).toBeGreaterThan(width / 2);
    expect(Math.max(...y8.map(Math.abs))).toBeLessThan(1);
    await session.release();
  });

  it('meta.json describes the committed model', async () => {
    const meta: unknown = JSON.parse(await readFile(join(TINY_DIR, 'cost', 'meta.json'), 'utf8'));
    expect(meta).toMatchObject({ width, depth, flops_per_row: 2 * width * width * depth });
  });

  it('buildCostModel makes other sizes on demand, deterministically', async () => {
    const options = { width: 16, depth: 3, seed: 7 };
    const bytes = buildCostModel(options);
    expect(Buffer.from(buildCostModel(options)).equals(Buffer.from(bytes))).toBe(true);
    expect(Buffer.from(buildCostModel({ ...options, seed: 8 })).equals(Buffer.from(bytes))).toBe(false);
    expect(costModelFlopsPerRow(options)).toBe(2 * 16 * 16 * 3);
    const session = await ort.InferenceSession.create(bytes);
    const y = await run(session, 5, 16);
    expect(y.dims).toEqual([5, 16]);
    await session.release();
  });

  it('rejects invalid sizes', () => {
    expect(() => buildCostModel({ width: 0, depth: 1 })).toThrow(/width/);
    expect(() => buildCostModel({ width: 4, depth: 1.5 })).toThrow(/depth/);
  });
});
