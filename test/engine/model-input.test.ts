import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FunctionRunner } from '../../main/engine/function-runner.js';
import { toModelCall } from '../../main/engine/model-input.js';
import type { RuntimePool } from '../../main/runtimes/runtime-pool.js';
import { WorkerHost } from '../../main/runtimes/worker-host.js';
import { project as projectSchema } from '../../preload/shared/project/schema.js';
import { model, type ModelDefinition } from '../../preload/shared/project/schema-models.js';
import { costModel, tempDir } from '../runtimes/support.js';

/**
 * Issue 17: a flat row for a float32 ONNX model goes to its worker as a Float32Array (binary over
 * the IPC channel), and the model answers exactly as it did for the number[] it replaces.
 */

const onnx = (inputs: readonly Record<string, unknown>[], extra: Record<string, unknown> = {}): ModelDefinition =>
  model.parse({ runtime: 'onnx', source: { path: './m.onnx' }, inputs, outputs: [{ name: 'y', dtype: 'float32', shape: [1] }], ...extra });
const floatRow = onnx([{ name: 'x', dtype: 'float32', shape: ['batch', 3] }]);

describe('toModelCall', () => {
  it('turns one flat row for a float32 input into a Float32Array of the same values', () => {
    const call = toModelCall(floatRow, [[0.1, -2, 3e38]]);
    expect(call).toBeInstanceOf(Float32Array);
    expect(call).toEqual(Float32Array.from([0.1, -2, 3e38]));
  });

  it('leaves everything else as before: nested rows, several inputs, other dtypes, images, files, other runtimes', () => {
    expect(toModelCall(floatRow, [[[1, 2, 3]]])).toEqual([[1, 2, 3]]);
    expect(toModelCall(floatRow, [[1, 2, 3], [4]])).toEqual([[1, 2, 3], [4]]);
    expect(toModelCall(floatRow, [[]])).toEqual([]);
    expect(toModelCall(floatRow, [[1, '2', 3]])).toEqual([1, '2', 3]);
    const int = onnx([{ name: 'x', dtype: 'int64', shape: ['batch', 3] }]);
    expect(toModelCall(int, [[1, 2, 3]])).toEqual([1, 2, 3]);
    const two = onnx([
      { name: 'a', dtype: 'float32', shape: [3] },
      { name: 'b', dtype: 'float32', shape: [3] },
    ]);
    expect(toModelCall(two, [[1, 2, 3]])).toEqual([1, 2, 3]);
    const image = onnx([{ name: 'x', dtype: 'float32', shape: [1, 3, 2, 2] }], { preprocess: { image: { width: 2, height: 2 } } });
    expect(toModelCall(image, [[1, 2, 3]])).toEqual([1, 2, 3]);
    expect(toModelCall(floatRow, [{ kind: 'file', path: '/tmp/a.png' }])).toBe('/tmp/a.png');
    const transformers = model.parse({ runtime: 'transformers', task: 'text-classification', source: { hub: 'a/b' } });
    expect(toModelCall(transformers, [[1, 2, 3]])).toEqual([1, 2, 3]);
  });

  it('is what FunctionRunner sends to the model, alone and in a batch', async () => {
    const seen: unknown[] = [];
    const pool = {
      model: () => ({
        infer: (input: unknown) => {
          seen.push(input);
          return Promise.resolve(Array.isArray((input as { batch?: unknown }).batch) ? [1, 2] : 1);
        },
      }),
    } as unknown as RuntimePool;
    const project = projectSchema.parse({
      version: 1,
      name: 'rows',
      models: {
        m: {
          runtime: 'onnx',
          source: { path: './m.onnx' },
          inputs: [{ name: 'x', dtype: 'float32', shape: ['batch', 3] }],
          outputs: [{ name: 'y', dtype: 'float32', shape: ['batch', 3] }],
        },
      },
      functions: { f: { kind: 'model', model: 'm' } },
      ui: { type: 'interface', fn: 'f', inputs: [{ type: 'json' }], outputs: [{ type: 'json' }] },
    });
    const runner = new FunctionRunner(project, '/tmp', pool);
    const signal = new AbortController().signal;
    await runner.run('f', [[1, 2, 3]], { signal });
    await runner.runBatch('f', [[[1, 2, 3]], [[4, 5, 6]]], 1, { signal });
    expect(seen).toEqual([Float32Array.from([1, 2, 3]), { batch: [Float32Array.from([1, 2, 3]), Float32Array.from([4, 5, 6])] }]);
  });
});

describe('a Float32Array row through a real ONNX worker', () => {
  const WIDTH = 512;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let host: WorkerHost;
  beforeAll(async () => {
    dir = await tempDir('model-input');
    host = new WorkerHost({ spec: { kind: 'model', model: await costModel(dir.path, 'rows', WIDTH) } });
  });
  afterAll(async () => {
    await host.dispose();
    await dir.remove();
  });

  it('gives the same output as the number[] row, bit for bit, alone, batched and large', async () => {
    const signal = new AbortController().signal;
    const row = Array.from({ length: WIDTH }, (_, i) => Math.sin(i * 0.37) * 1e3 + 1e-9 * i);
    const asNumbers = await host.infer(row, { signal });
    const sent = toModelCall(costDefinition(WIDTH), [row]);
    expect(sent).toBeInstanceOf(Float32Array);
    const asFloats = await host.infer(sent, { signal });
    expect(asFloats).toEqual(asNumbers);
    // 4,096 rows as one flat Float32Array (8 MiB in and out): one tensor of [4096, 512].
    const rows = 4_096;
    const big = new Float32Array(rows * WIDTH).map((_, i) => Math.cos(i));
    const out = (await host.infer(big, { signal })) as { y: { dims: number[]; data: Float32Array } };
    expect(out.y.dims).toEqual([rows, WIDTH]);
    expect(out.y.data).toBeInstanceOf(Float32Array);
    const last = (await host.infer(Array.from(big.subarray((rows - 1) * WIDTH)), { signal })) as { y: { data: Float32Array } };
    expect(out.y.data.subarray((rows - 1) * WIDTH)).toEqual(last.y.data);
    const batch = (await host.infer({ batch: [Float32Array.from(row), row] }, { signal })) as { y: { data: Float32Array } }[];
    expect(batch[0]).toEqual(asNumbers);
    expect(batch[1]).toEqual(asNumbers);
  }, 60_000);
});

function costDefinition(width: number): ModelDefinition {
  return onnx([{ name: 'x', dtype: 'float32', shape: ['batch', width] }]);
}
