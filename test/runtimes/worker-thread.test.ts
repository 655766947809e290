import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMainThread } from 'node:worker_threads';
import { createLogger } from '../../main/common/logger.js';
import { model } from '../../preload/shared/project/schema-models.js';
import { RuntimePool } from '../../main/runtimes/runtime-pool.js';
import { WorkerHost } from '../../main/runtimes/worker-host.js';
import { workerThreadTransport } from '../../main/runtimes/worker-thread.js';
import type { WorkerConnection, WorkerTransport } from '../../main/runtimes/worker-transport.js';
import type { WorkerState } from '../../main/runtimes/worker-state.js';
import { costModel, isAlive, tempDir, waitFor, writeModule } from './support.js';

/**
 * Issue 17's lever on issue 18's transport seam: a trusted ONNX model in a worker thread of the
 * app (`"isolation": "thread"`), real onnxruntime in the thread, and a thread that throws, exits
 * or exhausts its heap ending like a crashed process (its job fails with WORKER_CRASHED, the
 * worker restarts) while the app goes on.
 */

const WIDTH = 64;
const signal = new AbortController().signal;

const MODULE = `
import { isMainThread } from 'node:worker_threads';
export function where() { return { isMainThread, pid: process.pid }; }
export function throwLater() {
  setTimeout(() => { throw new Error('thrown outside any job'); }, 0);
  return new Promise(() => {});
}
export function exitNow() { process.exit(3); }
export function hoard() {
  const kept = [];
  for (;;) kept.push(new Array(100_000).fill({ more: kept.length }));
}
`;

/** The thread transport, keeping every connection it opens (to end one from outside the host). */
function keptThreads(): { transport: WorkerTransport; opened: WorkerConnection[] } {
  const opened: WorkerConnection[] = [];
  return {
    opened,
    transport: {
      open(options) {
        const connection = workerThreadTransport.open(options);
        opened.push(connection);
        return connection;
      },
    },
  };
}

describe('the worker-thread transport', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let modulePath: string;

  beforeAll(async () => {
    dir = await tempDir('thread');
    modulePath = await writeModule(dir.path, 'functions.mjs', MODULE);
  });

  afterAll(async () => {
    await dir.remove();
  });

  it('is opt-in per ONNX model in the project schema, and only there', () => {
    const base = { runtime: 'onnx', source: { path: 'm.onnx' }, inputs: [{ name: 'x', dtype: 'float32', shape: [1] }] };
    const onnx = { ...base, outputs: [{ name: 'y', dtype: 'float32', shape: [1] }] };
    expect(model.parse(onnx)).not.toHaveProperty('isolation');
    expect(model.parse({ ...onnx, isolation: 'thread' })).toMatchObject({ isolation: 'thread' });
    expect(model.safeParse({ ...onnx, isolation: 'fiber' }).success).toBe(false);
    const transformers = { runtime: 'transformers', source: { hub: 'Xenova/t5-small' }, task: 'summarization', isolation: 'thread' };
    expect(model.safeParse(transformers).success).toBe(false);
  });

  it('runs a real ONNX model in a thread of this process, with the same results as a worker process', async () => {
    const threaded = await costModel(dir.path, 'threaded', WIDTH, { isolation: 'thread', replicas: 2 });
    const separate = await costModel(dir.path, 'separate', WIDTH);
    const pool = new RuntimePool({ models: { threaded, separate } });
    try {
      const row = Array.from({ length: WIDTH }, (_, i) => Math.sin(i));
      const [inThread, inProcess] = await Promise.all([
        pool.model('threaded').infer(row, { signal }),
        pool.model('separate').infer(row, { signal }),
      ]);
      expect(inThread).toEqual(inProcess);
      const [processHost] = pool.model('separate').hosts;
      expect(isAlive(processHost?.pid)).toBe(true);
      const threadHost = pool.model('threaded').hosts.find((host) => host.loadedInfo);
      // A thread has no process of its own, and reports what its model holds, not the app's memory.
      expect(threadHost?.pid).toBe(-1);
      const held = threadHost?.loadedInfo?.memoryBytes ?? 0;
      expect(held).toBeGreaterThan(0);
      expect(held).toBeLessThan(process.memoryUsage.rss());
      // Two replicas, two threads: concurrent calls spread over them like processes.
      const many = await Promise.all(Array.from({ length: 6 }, () => pool.model('threaded').infer(row, { signal })));
      for (const result of many) expect(result).toEqual(inProcess);
    } finally {
      await pool.dispose();
    }
  });

  it('restarts an ONNX model whose thread ended, like a crashed process', async () => {
    const threaded = await costModel(dir.path, 'restarted', WIDTH, { isolation: 'thread' });
    const { transport, opened } = keptThreads();
    const states: WorkerState['kind'][] = [];
    const host = new WorkerHost({
      spec: { kind: 'model', model: threaded },
      transport,
      restartPolicy: { initialDelayMs: 10 },
      onStateChange: (state) => states.push(state.kind),
    });
    try {
      const row = new Array<number>(WIDTH).fill(0.25);
      const before = await host.infer(row, { signal });
      await opened[0]?.kill(); // from outside the host: to it, the thread just died
      await waitFor(() => host.state.kind === 'ready', 60_000, 'the restarted thread');
      expect(opened).toHaveLength(2);
      expect(states).toContain('restarting');
      await expect(host.infer(row, { signal })).resolves.toEqual(before);
    } finally {
      await host.dispose();
    }
  });

  describe('a thread that fails', () => {
    let host: WorkerHost;
    const crashes: string[] = [];
    const log: string[] = [];

    beforeAll(() => {
      host = new WorkerHost({
        spec: { kind: 'js', name: 'functions.mjs', modulePath, models: [] },
        transport: workerThreadTransport,
        logger: createLogger('test', 'warn', (line) => log.push(line)),
        memoryLimitMb: 48,
        restartPolicy: { initialDelayMs: 10, maxCrashes: 100 },
        onStateChange: (state) => {
          if (state.kind === 'restarting') crashes.push(state.kind);
        },
      });
    });

    afterAll(async () => {
      await host.dispose();
    });

    const call = (name: string): Promise<unknown> => host.infer({ export: name, inputs: [] }, { signal });

    it('runs in a worker thread of this process', async () => {
      await expect(call('where')).resolves.toEqual({ isMainThread: false, pid: process.pid });
      expect(isMainThread).toBe(true);
    });

    // The error names the exit, as for a process; the log also has the thread's last words.
    it.each([
      ['throws outside a job', 'throwLater', /crashed.*exit code 1/, /Error: thrown outside any job/],
      ['exits', 'exitNow', /crashed.*exit code 3/, /crashed.*exit code 3/],
      ['exhausts its heap limit', 'hoard', /heap out of memory at its limit of 48 MB/, /ERR_WORKER_OUT_OF_MEMORY|heap out of memory/],
    ])('fails its job with WORKER_CRASHED when it %s, and is restarted', async (_what, name, reason, logged) => {
      const before = crashes.length;
      const error: unknown = await call(name).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'WORKER_CRASHED', message: expect.stringMatching(reason) as unknown });
      expect(log.at(-1)).toMatch(logged);
      await waitFor(() => crashes.length > before, 60_000, 'the restart');
      await expect(call('where')).resolves.toEqual({ isMainThread: false, pid: process.pid });
    });
  });
});
