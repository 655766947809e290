import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { serveWorker } from '../../main/runtimes/worker-serve.js';
import type { ChildMessage, ParentMessage } from '../../main/runtimes/worker-protocol.js';
import { buildCostModel } from '../../models/generator/cost-model.js';
import { OFFLINE_ENV, resolvedModel, tempDir } from './support.js';

/**
 * The worker's side of the protocol in this process, on a port of plain functions: what it does
 * per job, which a child process hides (issue 17: the worker's path from a job's message to the run).
 */

const WIDTH = 8;

function openPort(): { send: (message: ParentMessage) => void; next: (type: ChildMessage['type']) => Promise<ChildMessage> } {
  let listener: (wire: unknown) => void = () => undefined;
  const received: ChildMessage[] = [];
  const waiting: (() => void)[] = [];
  serveWorker({
    name: 'test-worker',
    connected: true,
    post: (wire) => {
      received.push(wire as ChildMessage);
      for (const wake of waiting.splice(0)) wake();
    },
    onMessage: (receive) => (listener = receive),
    exit: () => undefined,
    memoryBytes: () => 0,
  });
  const next = async (type: ChildMessage['type']): Promise<ChildMessage> => {
    for (;;) {
      const index = received.findIndex((message) => message.type === type);
      if (index >= 0) return received.splice(index, 1)[0] as ChildMessage;
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  };
  return { send: (message) => listener(message), next };
}

describe('the worker serving an ONNX model', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let port: ReturnType<typeof openPort>;

  beforeAll(async () => {
    dir = await tempDir('worker-serve');
    const file = join(dir.path, 'cost.onnx');
    await writeFile(file, buildCostModel({ width: WIDTH, depth: 1, seed: 3 }));
    const model = resolvedModel(
      'cost',
      {
        runtime: 'onnx',
        source: { path: file },
        device: 'cpu',
        inputs: [{ name: 'x', dtype: 'float32', shape: ['batch', WIDTH] }],
        outputs: [{ name: 'y', dtype: 'float32', shape: ['batch', WIDTH] }],
      },
      OFFLINE_ENV,
      file,
    );
    port = openPort();
    await port.next('hello');
    port.send({ type: 'load', spec: { kind: 'model', model } });
    await port.next('loaded');
  });

  afterAll(async () => {
    port.send({ type: 'unload' });
    await port.next('unloaded');
    await dir.remove();
  });

  it('builds no AbortSignal for a job whose runtime never reads it (Node takes 2-13 µs a signal)', async () => {
    const built = vi.spyOn(AbortController.prototype, 'signal', 'get');
    try {
      port.send({ type: 'infer', jobId: 1, input: new Float32Array(WIDTH).fill(0.5), params: {} });
      const result = await port.next('result');
      expect(result).toMatchObject({ jobId: 1, value: { y: { dims: [1, WIDTH] } } });
      expect(built).not.toHaveBeenCalled();
    } finally {
      built.mockRestore();
    }
  });

  it('still cancels such a job: its result is replaced by CANCELLED', async () => {
    port.send({ type: 'infer', jobId: 2, input: new Float32Array(WIDTH).fill(0.5), params: {} });
    // The run is under way in onnxruntime (it cannot be interrupted); the cancel arrives before its result.
    port.send({ type: 'cancel', jobId: 2 });
    expect(await port.next('error')).toMatchObject({ jobId: 2, error: { code: 'CANCELLED' } });
    port.send({ type: 'infer', jobId: 3, input: new Float32Array(WIDTH).fill(0.5), params: {} });
    expect(await port.next('result')).toMatchObject({ jobId: 3 });
  });
});
