import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../preload/shared/errors.js';
import type { ProgressUpdate } from '../../main/runtimes/runtime.js';
import type { CallTarget } from '../../main/runtimes/worker-protocol.js';
import { WorkerHost } from '../../main/runtimes/worker-host.js';
import { isAlive, tempDir, waitFor, writeModule } from './support.js';

/** JS functions in a real worker process: streaming, progress, logs, calls to the parent, cancellation. */

const MODULE = `
export default async function echo(inputs, ctx) {
  ctx.progress(0.5, 'half way');
  ctx.progress([3, 4]);
  ctx.log('hello from the worker', 'warning');
  return { echoed: inputs, models: Object.keys(ctx.models) };
}

export async function* count(inputs) {
  for (let i = 1; i <= inputs[0]; i++) {
    yield 'n' + i;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

export function* syncCount(inputs) {
  let text = '';
  for (const word of inputs) { text += word; yield text; }
}

export async function askModel(inputs, ctx) {
  const doubled = await ctx.models.doubler(inputs[0], { factor: 3 });
  const other = await ctx.call('shout', ['hi']);
  return { doubled, other };
}

export async function cooperative(inputs, ctx) {
  ctx.progress(0);
  await new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, 30_000);
    ctx.signal.addEventListener('abort', () => { clearTimeout(timer); reject(new Error('stopped')); });
  });
  return 'finished';
}

export async function cancelledCall(inputs, ctx) {
  ctx.progress(0);
  return ctx.models.doubler('slow');
}

export function bytes(inputs) {
  return new Float32Array(inputs[0]).map((v) => v * 2);
}

export function fails() {
  throw new Error('user code failed');
}

export const notAFunction = 42;
`;

describe('JS runtime in a worker process', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let host: WorkerHost;
  const calls: { target: CallTarget; input: unknown; params: unknown }[] = [];
  let slowCallAborted = false;

  beforeAll(async () => {
    dir = await tempDir('js');
    const modulePath = await writeModule(dir.path, 'functions.mjs', MODULE);
    host = new WorkerHost({
      spec: { kind: 'js', name: 'functions.mjs', modulePath, models: ['doubler'] },
      cancelGraceMs: 1_000,
      handleCall: async (target, input, params, signal) => {
        calls.push({ target, input, params });
        if (input === 'slow') {
          await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
          slowCallAborted = true;
          throw new AppError('CANCELLED', 'aborted');
        }
        if (target.kind === 'model') return Number(input) * Number(params.factor);
        return `${String((input as unknown[])[0]).toUpperCase()}!`;
      },
    });
  });

  afterAll(async () => {
    await host.dispose();
    await dir.remove();
  });

  it('calls the default export with (inputs, ctx) and forwards progress and logs', async () => {
    const progress: ProgressUpdate[] = [];
    const logs: string[] = [];
    const result = await host.infer(
      { export: 'default', inputs: ['a', 2] },
      {
        signal: new AbortController().signal,
        onProgress: (update) => progress.push(update),
        onLog: (message, level) => logs.push(`${level}:${message}`),
      },
    );
    expect(result).toEqual({ echoed: ['a', 2], models: ['doubler'] });
    expect(progress).toEqual([
      { progress: 0.5, desc: 'half way' },
      { progress: 0.75, index: 3, length: 4, desc: null },
    ]);
    expect(logs).toEqual(['warning:hello from the worker']);
    expect(host.state.kind).toBe('ready');
  });

  it('streams each yielded value of an async generator as a partial; the last is the result', async () => {
    const partials: unknown[] = [];
    const result = await host.infer(
      { export: 'count', inputs: [3] },
      { signal: new AbortController().signal, onPartial: (value) => partials.push(value) },
    );
    expect(partials).toEqual(['n1', 'n2', 'n3']);
    expect(result).toBe('n3');
    const syncPartials: unknown[] = [];
    await expect(
      host.infer(
        { export: 'syncCount', inputs: ['a', 'b'] },
        { signal: new AbortController().signal, onPartial: (v) => syncPartials.push(v) },
      ),
    ).resolves.toBe('ab');
    expect(syncPartials).toEqual(['a', 'ab']);
  });

  it('routes ctx.models.x(...) and ctx.call(...) through the parent, ctx.call with the run folder', async () => {
    const result = await host.infer(
      { export: 'askModel', inputs: [7], outputDir: '/run/folder' },
      { signal: new AbortController().signal },
    );
    expect(result).toEqual({ doubled: 21, other: 'HI!' });
    expect(calls.slice(0, 2)).toEqual([
      { target: { kind: 'model', name: 'doubler' }, input: 7, params: { factor: 3 } },
      // The called function writes its files where the caller's go (its ctx.outputDir).
      { target: { kind: 'function', name: 'shout' }, input: ['hi'], params: { outputDir: '/run/folder' } },
    ]);
  });

  it('passes typed arrays both ways unchanged (advanced serialization)', async () => {
    const result = await host.infer({ export: 'bytes', inputs: [new Float32Array([1, 2.5])] }, { signal: new AbortController().signal });
    expect(result).toBeInstanceOf(Float32Array);
    expect(Array.from(result as Float32Array)).toEqual([2, 5]);
  });

  it('honours the AbortSignal: a cooperative function stops, the worker stays', async () => {
    const pid = host.pid;
    const controller = new AbortController();
    const job = host.infer({ export: 'cooperative', inputs: [] }, { signal: controller.signal, onProgress: () => controller.abort() });
    await expect(job).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(host.pid).toBe(pid); // the same process: it stopped by itself, nobody killed it
  });

  it('aborts a nested model call made from the function when the job is cancelled', async () => {
    const controller = new AbortController();
    const job = host.infer(
      { export: 'cancelledCall', inputs: [] },
      { signal: controller.signal, onProgress: () => setTimeout(() => controller.abort(), 20) },
    );
    await expect(job).rejects.toMatchObject({ code: 'CANCELLED' });
    await waitFor(() => slowCallAborted, 2_000, 'the nested call to be aborted');
  });

  it('reports user errors and missing exports with typed codes', async () => {
    const signal = new AbortController().signal;
    await expect(host.infer({ export: 'fails', inputs: [] }, { signal })).rejects.toMatchObject({
      code: 'FUNCTION_FAILED',
      message: 'user code failed',
    });
    await expect(host.infer({ export: 'missing', inputs: [] }, { signal })).rejects.toMatchObject({
      code: 'FUNCTION_NOT_FOUND',
      message: expect.stringContaining('askModel') as unknown,
    });
    await expect(host.infer({ export: 'notAFunction', inputs: [] }, { signal })).rejects.toMatchObject({
      code: 'FUNCTION_NOT_FOUND',
    });
    await expect(host.infer({ nonsense: true }, { signal })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(host.infer({ export: 'default', inputs: [() => 1] }, { signal })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });

  it('a module that fails to import fails the load with a clear error and leaves no process', async () => {
    const broken = await writeModule(dir.path, 'broken.mjs', 'export default () => 1;\nthrow new Error("top-level boom");\n');
    const pids: number[] = [];
    const failing = new WorkerHost({
      spec: { kind: 'js', name: 'broken.mjs', modulePath: broken, models: [] },
      onStateChange: (state) => {
        if (state.kind === 'starting') pids.push(state.pid);
      },
    });
    await expect(failing.load({ signal: new AbortController().signal })).rejects.toMatchObject({
      code: 'FUNCTION_FAILED',
      message: expect.stringContaining('top-level boom') as unknown,
    });
    expect(failing.state.kind).toBe('idle');
    await failing.dispose();
    expect(pids).toHaveLength(1);
    await waitFor(() => !isAlive(pids[0]), 2_000, 'the failed worker to exit');
    expect(isAlive(host.pid)).toBe(true);
  });
});
