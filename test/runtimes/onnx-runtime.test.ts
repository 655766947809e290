import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InferenceSession } from 'onnxruntime-node';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../main/common/logger.js';
import { preprocessImage } from '../../main/runtimes/onnx/image-preprocess.js';
import { OnnxRuntime, type OnnxModel } from '../../main/runtimes/onnx/onnx-runtime.js';
import type { OutputTensor } from '../../main/runtimes/onnx/onnx-output.js';
import type { DownloadProgress, ModelEnvironment } from '../../main/runtimes/runtime.js';
import { WorkerHost } from '../../main/runtimes/worker-host.js';
import { imagePreprocess } from '../../preload/shared/project/schema-models.js';
import { buildCostModel } from '../../models/generator/cost-model.js';
import { GraphBuilder, intAttr } from '../../models/generator/onnx-builder.js';
import { startHubServer, type HubServer } from '../helpers/hub-server.js';
import { OFFLINE_ENV, resolvedModel, tempDir } from './support.js';

/** Raw onnxruntime sessions built from project definitions, on models built here. */

const WIDTH = 16;
const signal = new AbortController().signal;

function identityModel(dims: readonly (number | string)[]): Uint8Array {
  const g = new GraphBuilder('identity');
  const x = g.input('x', 'float32', dims);
  g.output('y', g.op('Identity', [x]), 'float32', dims);
  return g.build({ docString: 'identity' });
}

/** a float32 [batch, 2] + Cast(b int64 [batch, 2]) → sum; and a scalar total with no batch axis. */
function twoInputModel(): Uint8Array {
  const g = new GraphBuilder('two_inputs');
  const a = g.input('a', 'float32', ['batch', 2]);
  const b = g.input('b', 'int64', ['batch', 2]);
  const sum = g.op('Add', [a, g.op('Cast', [b], { to: intAttr(1) })]);
  g.output('sum', sum, 'float32', ['batch', 2]);
  g.output('total', g.op('ReduceSum', [sum], { keepdims: intAttr(0) }), 'float32', []);
  return g.build({ docString: 'two inputs' });
}

async function openModel(name: string, file: string, definition: Record<string, unknown>, env: ModelEnvironment = OFFLINE_ENV) {
  const model = resolvedModel(name, { runtime: 'onnx', source: { path: file }, device: 'cpu', ...definition }, env, file) as OnnxModel;
  const runtime = new OnnxRuntime(model, silentLogger);
  const info = await runtime.load({ signal });
  return { runtime, info };
}

const COST_IO = {
  inputs: [{ name: 'x', dtype: 'float32', shape: ['batch', WIDTH] }],
  outputs: [{ name: 'y', dtype: 'float32', shape: ['batch', WIDTH] }],
};

function row(seed: number): number[] {
  return Array.from({ length: WIDTH }, (_, i) => Math.sin(seed * 7 + i));
}

describe('onnx runtime', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let costFile: string;
  let cost: OnnxRuntime;

  beforeAll(async () => {
    dir = await tempDir('onnx');
    costFile = join(dir.path, 'cost.onnx');
    await writeFile(costFile, buildCostModel({ width: WIDTH, depth: 2, seed: 3 }));
    ({ runtime: cost } = await openModel('cost', costFile, COST_IO));
  });

  afterAll(async () => {
    await cost.unload();
    await dir.remove();
  });

  it('infers the batch dimension from flat, nested and explicit inputs', async () => {
    const flat = (await cost.infer(row(1), { signal })) as Record<string, OutputTensor>;
    expect(flat.y?.dims).toEqual([1, WIDTH]);
    expect(flat.y?.data).toBeInstanceOf(Float32Array);
    const two = (await cost.infer([row(1), row(2)], { signal })) as Record<string, OutputTensor>;
    expect(two.y?.dims).toEqual([2, WIDTH]);
    expect(Array.from(two.y?.data as Float32Array).slice(0, WIDTH)).toEqual(Array.from(flat.y?.data as Float32Array));
    const flatTwo = (await cost.infer(new Float32Array([...row(1), ...row(2)]), { signal })) as Record<string, OutputTensor>;
    expect(flatTwo.y?.dims).toEqual([2, WIDTH]);
    const explicit = (await cost.infer({ dims: [1, WIDTH], data: row(1) }, { signal })) as Record<string, OutputTensor>;
    expect(explicit.y?.data).toEqual(flat.y?.data);
    await expect(cost.infer(row(1).slice(1), { signal })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('runs one unbatched input in the call itself, with no await before session.run (issue 17)', async () => {
    // onnxruntime-node's typings declare the factory only; its sessions share this prototype's run.
    const sessions = InferenceSession as unknown as { prototype: { run(...args: unknown[]): Promise<unknown> } };
    const run = vi.spyOn(sessions.prototype, 'run');
    try {
      const pending = cost.infer(row(1), { signal });
      // Nothing was awaited yet: the old path (Promise.all over async preparation) had not reached the session here.
      expect(run).toHaveBeenCalledTimes(1);
      const out = (await pending) as Record<string, OutputTensor>;
      expect(out.y?.dims).toEqual([1, WIDTH]);
      const batched = cost.infer({ batch: [row(1)] }, { signal });
      expect(run).toHaveBeenCalledTimes(1);
      await batched;
      expect(run).toHaveBeenCalledTimes(2);
      // Nor does it read the signal (a worker builds it on first read: worker-serve.ts).
      const unread = {
        get signal(): AbortSignal {
          throw new Error('the signal was read');
        },
      };
      await expect(cost.infer(row(1), unread)).resolves.toMatchObject({ y: { dims: [1, WIDTH] } });
    } finally {
      run.mockRestore();
    }
  });

  it('batches: { batch } runs one session call and splits results back per input', async () => {
    const inputs = [row(1), [row(2), row(3)], row(4)];
    const batched = (await cost.infer({ batch: inputs }, { signal })) as Record<string, OutputTensor>[];
    expect(batched).toHaveLength(3);
    expect(batched.map((r) => r.y?.dims)).toEqual([
      [1, WIDTH],
      [2, WIDTH],
      [1, WIDTH],
    ]);
    for (const [i, input] of inputs.entries()) {
      const alone = (await cost.infer(input, { signal })) as Record<string, OutputTensor>;
      const got = Array.from(batched[i]?.y?.data as Float32Array);
      const want = Array.from(alone.y?.data as Float32Array);
      expect(got).toHaveLength(want.length);
      got.forEach((value, j) => expect(value).toBeCloseTo(want[j] ?? Number.NaN, 5));
    }
    expect(cost.capabilities()).toMatchObject({ batching: true, streaming: false });
    expect(cost.capabilities().devices).toContain('cpu');
  });

  it('feeds several inputs by name or position; outputs without a batch axis fall back to per-input runs', async () => {
    const file = join(dir.path, 'two.onnx');
    await writeFile(file, twoInputModel());
    const { runtime } = await openModel('two', file, {
      inputs: [
        { name: 'a', dtype: 'float32', shape: ['batch', 2] },
        { name: 'b', dtype: 'int64', shape: ['batch', 2] },
      ],
      outputs: [
        { name: 'sum', dtype: 'float32', shape: ['batch', 2] },
        { name: 'total', dtype: 'float32', shape: [] },
      ],
    });
    const named = (await runtime.infer({ a: [0.5, 1], b: [2, 3] }, { signal })) as Record<string, OutputTensor>;
    expect(Array.from(named.sum?.data as Float32Array)).toEqual([2.5, 4]);
    expect(named.total).toEqual({ dims: [], data: new Float32Array([6.5]) });
    const results = (await runtime.infer(
      {
        batch: [
          [
            [1, 1],
            [1, 1],
          ],
          { a: [2, 2], b: [0, 0] },
        ],
      },
      { signal },
    )) as Record<string, OutputTensor>[];
    expect(results.map((r) => Array.from(r.total?.data as Float32Array))).toEqual([[4], [4]]);
    await expect(runtime.infer([1, 2, 3], { signal })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await runtime.unload();
  });

  it('returns Label values for classifiers (softmax applied to logits)', async () => {
    const file = join(dir.path, 'logits.onnx');
    await writeFile(file, identityModel(['batch', 3]));
    const { runtime } = await openModel('classifier', file, {
      inputs: [{ name: 'x', dtype: 'float32', shape: ['batch', 3] }],
      outputs: [{ name: 'y', dtype: 'float32', shape: ['batch', 3] }],
      labels: ['cat', 'dog', 'bird'],
    });
    const result = (await runtime.infer([0, Math.log(3), 0], { signal })) as { label: string; confidences: unknown[] };
    expect(result.label).toBe('dog');
    expect(result.confidences).toEqual([
      { label: 'dog', confidence: expect.closeTo(0.6, 6) as unknown },
      { label: 'cat', confidence: expect.closeTo(0.2, 6) as unknown },
      { label: 'bird', confidence: expect.closeTo(0.2, 6) as unknown },
    ]);
    const top1 = await runtime.infer([[0.1, 0.2, 0.7]], { signal, params: { top_k: 1 } });
    expect(top1).toEqual({ label: 'bird', confidences: [{ label: 'bird', confidence: expect.closeTo(0.7, 6) as unknown }] });
    await runtime.unload();
  });

  it('asks for the GPU with device "auto" and records why it fell back to the CPU', async () => {
    const { runtime, info } = await openModel('auto', costFile, { ...COST_IO, device: 'auto' });
    if (info.device === 'cpu') expect(info.fallbackReason).toMatch(/WebGPU/);
    else expect(info.device).toBe('webgpu');
    await runtime.unload();
  });

  it('fails to load with a clear error when declared names do not match the model', async () => {
    const model = resolvedModel(
      'typo',
      {
        runtime: 'onnx',
        source: { path: costFile },
        device: 'cpu',
        inputs: [{ name: 'input', dtype: 'float32', shape: ['b', WIDTH] }],
        outputs: COST_IO.outputs,
      },
      OFFLINE_ENV,
      costFile,
    ) as OnnxModel;
    await expect(new OnnxRuntime(model, silentLogger).load({ signal })).rejects.toMatchObject({
      code: 'MODEL_LOAD_FAILED',
      message: expect.stringContaining('input "input" is not in the model') as unknown,
    });
  });
});

describe('image preprocessing', () => {
  // 2×2 RGB: red, green / blue, white.
  const pixels = { data: new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255]), width: 2, height: 2, channels: 3 as const };
  const options = (extra: Record<string, unknown>) =>
    imagePreprocess.parse({ width: 2, height: 2, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5], ...extra });

  it('normalises to NCHW planes with (x * scale - mean) / std', async () => {
    const out = await preprocessImage(pixels, options({}));
    expect(out.dims).toEqual([1, 3, 2, 2]);
    expect(Array.from(out.data)).toEqual([1, -1, -1, 1, /* G */ -1, 1, -1, 1, /* B */ -1, -1, 1, 1]);
  });

  it('supports BGR order, NHWC layout and grayscale', async () => {
    const bgr = await preprocessImage(pixels, options({ channels: 'BGR', layout: 'NHWC', mean: [0, 0, 0], std: [1, 1, 1], scale: 1 }));
    expect(bgr.dims).toEqual([1, 2, 2, 3]);
    expect(Array.from(bgr.data)).toEqual([0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255]);
    const gray = await preprocessImage(pixels, options({ channels: 'L', mean: [0, 0, 0], std: [1, 1, 1], scale: 1 }));
    expect(gray.dims).toEqual([1, 1, 2, 2]);
    expect(gray.data[3]).toBe(255); // white stays white
    expect(gray.data[1]).toBeGreaterThan(gray.data[2] ?? 0); // green is brighter than blue
  });

  it('decodes and resizes encoded images from bytes or a path', async () => {
    const dir = await tempDir('image');
    const png = await sharp(Buffer.alloc(8 * 6 * 3, 51), { raw: { width: 8, height: 6, channels: 3 } })
      .png()
      .toBuffer();
    const path = join(dir.path, 'gray.png');
    await writeFile(path, png);
    for (const source of [png, path]) {
      const out = await preprocessImage(source, options({ width: 4, height: 3, mean: [0, 0, 0], std: [1, 1, 1], scale: 1 }));
      expect(out.dims).toEqual([1, 3, 3, 4]);
      expect(new Set(out.data)).toEqual(new Set([51]));
    }
    await expect(preprocessImage(Buffer.from('not an image'), options({}))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await dir.remove();
  });

  it('feeds preprocessed images (one, or a list as a batch) to the model', async () => {
    const dir = await tempDir('image-model');
    const file = join(dir.path, 'identity.onnx');
    await writeFile(file, identityModel(['batch', 3, 2, 2]));
    const { runtime } = await openModel('image', file, {
      inputs: [{ name: 'x', dtype: 'float32', shape: ['batch', 3, 2, 2] }],
      outputs: [{ name: 'y', dtype: 'float32', shape: ['batch', 3, 2, 2] }],
      preprocess: { image: { width: 2, height: 2, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] } },
    });
    const one = (await runtime.infer(pixels, { signal })) as Record<string, OutputTensor>;
    expect(Array.from(one.y?.data as Float32Array)).toEqual([1, -1, -1, 1, -1, 1, -1, 1, -1, -1, 1, 1]);
    const two = (await runtime.infer([pixels, pixels], { signal })) as Record<string, OutputTensor>;
    expect(two.y?.dims).toEqual([2, 3, 2, 2]);
    await runtime.unload();
    await dir.remove();
  });
});

describe('onnx models in workers and from the hub', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let hub: HubServer;

  beforeAll(async () => {
    dir = await tempDir('onnx-hub');
    await writeFile(join(dir.path, 'model.onnx'), buildCostModel({ width: WIDTH, depth: 1 }));
    hub = await startHubServer({ 'tests/cost': dir.path });
  });

  afterAll(async () => {
    await hub.close();
    await dir.remove();
  });

  it('downloads a hub model once, then runs it offline from the cache, batched, in a worker', async () => {
    const cache = join(dir.path, 'cache');
    const definition = { runtime: 'onnx', source: { hub: 'tests/cost' }, device: 'cpu', ...COST_IO };
    const online = resolvedModel('cost', definition, { cacheDir: cache, offline: false, hubEndpoint: hub.url });
    const downloads: DownloadProgress[] = [];
    const first = new WorkerHost({ spec: { kind: 'model', model: online } });
    await first.load({ signal, onDownload: (p) => downloads.push(p) });
    expect(downloads.at(-1)).toMatchObject({ file: 'model.onnx', done: true });
    expect(hub.requests.map((r) => `${r.method} ${r.url} ${r.status}`)).toEqual(['GET /tests/cost/resolve/main/model.onnx 200']);
    await first.dispose();

    const offline = resolvedModel('cost', definition, { cacheDir: cache, offline: true, hubEndpoint: hub.url });
    const second = new WorkerHost({ spec: { kind: 'model', model: offline } });
    const results = (await second.infer({ batch: [row(1), row(2)] }, { signal })) as Record<string, OutputTensor>[];
    expect(results.map((r) => r.y?.dims)).toEqual([
      [1, WIDTH],
      [1, WIDTH],
    ]);
    expect(results[0]?.y?.data).toBeInstanceOf(Float32Array);
    expect(second.capabilities().batching).toBe(true);
    expect(hub.requests).toHaveLength(1);
    await second.dispose();

    const empty = resolvedModel('cost', definition, { cacheDir: join(dir.path, 'empty'), offline: true, hubEndpoint: hub.url });
    const third = new WorkerHost({ spec: { kind: 'model', model: empty } });
    await expect(third.load({ signal })).rejects.toMatchObject({
      code: 'MODEL_NOT_FOUND',
      message: expect.stringMatching(/"tests\/cost".*offline/) as unknown,
    });
    await third.dispose();
  });

  it('an unreachable or failing hub names the model, the hub and what to do', async () => {
    const definition = { runtime: 'onnx', source: { hub: 'tests/cost' }, device: 'cpu', ...COST_IO };
    const closed = await startHubServer({});
    await closed.close();
    const down = await startHubServer({}, { failWith: 502 });
    const cases = [
      {
        endpoint: closed.url,
        message:
          /^Could not reach the model hub at 127\.0\.0\.1:\d+ to download model\.onnx of model "scorer" \(tests\/cost\): .*ECONNREFUSED/,
      },
      {
        endpoint: down.url,
        message:
          /^The model hub at 127\.0\.0\.1:\d+ failed to send model "scorer" \(tests\/cost\): HTTP 502 for model\.onnx\. It may be down/,
      },
    ];
    for (const { endpoint, message } of cases) {
      const model = resolvedModel('scorer', definition, { cacheDir: join(dir.path, 'unreached'), offline: false, hubEndpoint: endpoint });
      const host = new WorkerHost({ spec: { kind: 'model', model } });
      const error = (await host.load({ signal }).catch((caught: unknown) => caught)) as { code: string; message: string };
      await host.dispose();
      expect(error.code).toBe('DOWNLOAD_FAILED');
      expect(error.message).toMatch(message);
      expect(error.message).toMatch(/start with --offline .* --hub-endpoint \(or HF_ENDPOINT\)/);
    }
    await down.close();
  });
});
