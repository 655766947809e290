import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isCancelled } from '../../preload/shared/errors.js';
import { createEngine } from '../../main/engine/create-engine.js';
import type { Engine, QueuePosition } from '../../main/engine/types.js';
import { loadProject } from '../../main/project/load.js';
import type { ProjectInput } from '../../preload/shared/project/schema.js';
import { TINY_DIR, tempDir } from '../runtimes/support.js';

/** The engine end to end: real project files, real worker processes, real tiny models. */

const MODULE = `
export function greet([name]) { return 'Hello ' + name + '!'; }
export function shout([text]) { return String(text).toUpperCase(); }
export function pair([a]) { return [a, a.length]; }
export function wrong([a]) { return [a]; }
export async function* count([n], ctx) {
  for (let i = 1; i <= n; i++) { ctx.progress([i, n]); yield String(i); }
}
export async function slow([ms], ctx) {
  await new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    ctx.signal.addEventListener('abort', () => { clearTimeout(t); reject(new Error('stopped')); });
  });
  return 'done';
}
export function sizes([names]) { return [names.map((n) => n + ':' + names.length)]; }
export async function viaModel([text], ctx) { const label = await ctx.call('classify', [text]); return label.label; }
`;

let dir: { path: string; remove: () => Promise<void> };
const engines: Engine[] = [];

beforeAll(async () => {
  dir = await tempDir('engine');
  await writeFile(join(dir.path, 'fns.js'), MODULE);
});
afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.dispose()));
});
afterAll(async () => dir.remove());

const js = (name: string) => ({ kind: 'js' as const, module: './fns.js', export: name });

async function engineFor(project: Omit<ProjectInput, 'version' | 'name'>, file = 'project.json'): Promise<Engine> {
  const path = join(dir.path, file);
  await writeFile(path, JSON.stringify({ version: 1, name: 'test', ...project }));
  const engine = await createEngine({ loaded: await loadProject(path), environment: { offline: true, cacheDir: join(dir.path, 'cache') } });
  engines.push(engine);
  return engine;
}

const signal = (): AbortSignal => new AbortController().signal;

describe('engine', () => {
  it('runs an Interface JS function through the queue', async () => {
    const engine = await engineFor({
      functions: { greet: js('greet') },
      ui: { type: 'interface', fn: 'greet', inputs: [{ type: 'textbox' }], outputs: [{ type: 'textbox' }] },
    });
    const queue: QueuePosition[] = [];
    let started = false;
    await expect(
      engine.run({ eventIndex: 0, inputs: ['World'], signal: signal(), onQueue: (p) => queue.push(p), onStart: () => (started = true) }),
    ).resolves.toEqual(['Hello World!']);
    expect(queue[0]).toMatchObject({ rank: 0, queueSize: 1 });
    expect(started).toBe(true);
    // That run started the worker, which is no run time (see cold-start.test.ts); the next one is.
    expect(engine.meanRunMs(0)).toBeNull();
    await expect(engine.run({ eventIndex: 0, inputs: ['again'], signal: signal() })).resolves.toEqual(['Hello again!']);
    expect(engine.meanRunMs(0)).toBeGreaterThan(0);
    const before = engine.estimate(0);
    expect(before).toMatchObject({ rank: 0, queueSize: 1 });
    expect(before.etaMs).toBeCloseTo(engine.meanRunMs(0) ?? 0);
    expect(before.runMs?.meanMs).toBe(engine.meanRunMs(0));
    // One run measured: thin data, so the range is that run halved and doubled.
    const mean = engine.meanRunMs(0) ?? 0;
    expect(before.runMs).toMatchObject({
      samples: 1,
      lowMs: expect.closeTo(mean / 2) as unknown,
      highMs: expect.closeTo(mean * 2) as unknown,
    });
    expect(engine.metrics().predict).toMatchObject({ queued: 0, running: 0, completed: 2, failed: 0, cancelled: 0, batchSizes: { 1: 2 } });
    expect(engine.metrics().predict?.latencyMs?.p50).toBeGreaterThan(0);
    expect(() => engine.submit({ eventIndex: 0, inputs: [], signal: signal() })).toThrow(/takes 1 input/);
    expect(() => engine.submit({ eventIndex: 7, inputs: [], signal: signal() })).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }) as Error,
    );
  });

  it('classifies with the tiny sentiment model into a Label, and chains and fans out', async () => {
    const engine = await engineFor({
      models: { sentiment: { runtime: 'transformers', task: 'text-classification', source: { path: join(TINY_DIR, 'sentiment') } } },
      functions: {
        classify: { kind: 'model', model: 'sentiment', params: { top_k: 2 } },
        both: { kind: 'parallel', functions: ['classify', 'shout'] },
        loud: { kind: 'chain', functions: ['shout', 'classify'] },
        viaModel: js('viaModel'),
        shout: js('shout'),
      },
      ui: {
        type: 'blocks',
        children: [
          { type: 'textbox', id: 'text' },
          { type: 'label', id: 'label' },
          { type: 'textbox', id: 'echo' },
        ],
        events: [
          { trigger: 'text.submit', fn: 'classify', inputs: ['text'], outputs: ['label'] },
          { trigger: 'text.submit', fn: 'both', inputs: ['text'], outputs: ['label', 'echo'] },
          { trigger: 'text.submit', fn: 'loud', inputs: ['text'], outputs: ['label'] },
          { trigger: 'text.submit', fn: 'viaModel', inputs: ['text'], outputs: ['echo'] },
        ],
      },
    });
    const [label] = (await engine.run({ eventIndex: 0, inputs: ['I love this great movie'], signal: signal() })) as [
      { label: string; confidences: { label: string; confidence: number }[] },
    ];
    expect(label.label).toBe('POSITIVE');
    expect(label.confidences.map((c) => c.label)).toEqual(['POSITIVE', 'NEGATIVE']);
    expect(label.confidences[0]?.confidence).toBeGreaterThan(0.8);
    const both = await engine.run({ eventIndex: 1, inputs: ['I hate this terrible movie'], signal: signal() });
    expect(both).toEqual([expect.objectContaining({ label: 'NEGATIVE' }), 'I HATE THIS TERRIBLE MOVIE']);
    expect(await engine.run({ eventIndex: 2, inputs: ['what a wonderful film'], signal: signal() })).toEqual([
      expect.objectContaining({ label: 'POSITIVE' }),
    ]);
    expect(await engine.run({ eventIndex: 3, inputs: ['this was awful and boring'], signal: signal() })).toEqual(['NEGATIVE']);
  });

  it('streams partials and progress from a generator', async () => {
    const engine = await engineFor({
      functions: { count: js('count') },
      ui: { type: 'interface', fn: 'count', inputs: [{ type: 'number' }], outputs: [{ type: 'textbox' }] },
    });
    const partials: unknown[][] = [];
    const progress: (number | null)[] = [];
    const result = await engine.run({
      eventIndex: 0,
      inputs: [3],
      signal: signal(),
      onPartial: (outputs) => partials.push(outputs),
      onProgress: (update) => progress.push(update.index ?? null),
    });
    expect(result).toEqual(['3']);
    expect(partials).toEqual([['1'], ['2'], ['3']]);
    expect(progress).toEqual([1, 2, 3]);
  });

  it('spreads multiple outputs and explains a wrong shape', async () => {
    const engine = await engineFor({
      functions: { pair: js('pair'), wrong: js('wrong') },
      ui: {
        type: 'blocks',
        children: [
          { type: 'textbox', id: 'a' },
          { type: 'textbox', id: 'b' },
          { type: 'number', id: 'n' },
        ],
        events: [
          { trigger: 'a.submit', fn: 'pair', inputs: ['a'], outputs: ['b', 'n'] },
          { trigger: 'a.submit', fn: 'wrong', inputs: ['a'], outputs: ['b', 'n'] },
        ],
      },
    });
    expect(await engine.run({ eventIndex: 0, inputs: ['abc'], signal: signal() })).toEqual(['abc', 3]);
    await expect(engine.run({ eventIndex: 1, inputs: ['abc'], signal: signal() })).rejects.toMatchObject({
      code: 'FUNCTION_FAILED',
      message: expect.stringMatching(/returned an array of 1, but "wrong" has 2 outputs/) as unknown,
    });
  });

  it('honours the concurrency limit, queue max size and cancellation', async () => {
    const engine = await engineFor({
      functions: { slow: js('slow') },
      queue: { maxSize: 1 },
      ui: { type: 'interface', fn: 'slow', inputs: [{ type: 'number' }], outputs: [{ type: 'textbox' }] },
    });
    const running = new AbortController();
    const first = engine.submit({ eventIndex: 0, inputs: [60_000], signal: running.signal });
    const waitingController = new AbortController();
    const second = engine.submit({ eventIndex: 0, inputs: [10], signal: waitingController.signal });
    expect(engine.queueStatus()).toEqual({ queued: 1, running: 1 });
    expect(() => engine.submit({ eventIndex: 0, inputs: [10], signal: signal() })).toThrow(/Queue is full/);
    waitingController.abort();
    await expect(second.result).rejects.toSatisfy(isCancelled);
    const started = Date.now();
    running.abort();
    await expect(first.result).rejects.toSatisfy(isCancelled);
    expect(Date.now() - started).toBeLessThan(15_000); // far below the 60 s job it cancels
    await expect(engine.run({ eventIndex: 0, inputs: [1], signal: signal() })).resolves.toEqual(['done']);
    expect(engine.metrics().predict).toMatchObject({ completed: 1, cancelled: 2, queued: 0, running: 0 });
  });
});

describe('engine ETA', () => {
  it('estimates the wait of queued jobs close to what they then take', async () => {
    const engine = await engineFor(
      {
        functions: { slow: js('slow') },
        ui: { type: 'interface', fn: 'slow', inputs: [{ type: 'number' }], outputs: [{ type: 'textbox' }] },
      },
      'eta.json',
    );
    for (let i = 0; i < 3; i++) await engine.run({ eventIndex: 0, inputs: [100], signal: signal() }); // learn ~100 ms
    const started = performance.now();
    const jobs = Array.from({ length: 4 }, () => {
      let firstEta: number | null = null;
      const result = engine
        .run({
          eventIndex: 0,
          inputs: [100],
          signal: signal(),
          onQueue: (p) => {
            firstEta ??= p.etaMs;
          },
        })
        .then(() => ({ eta: firstEta, took: performance.now() - started }));
      return result;
    });
    const outcomes = await Promise.all(jobs);
    // Job r finishes after about (r + 1) runs; the first estimate must be in the right range.
    for (const [r, { eta, took }] of outcomes.entries()) {
      expect(eta, `job ${r}`).not.toBeNull();
      expect((eta as number) / took, `job ${r}: eta ${eta} ms, took ${Math.round(took)} ms`).toBeGreaterThan(1 / 3);
      expect((eta as number) / took, `job ${r}: eta ${eta} ms, took ${Math.round(took)} ms`).toBeLessThan(3);
    }
  });
});

describe('engine batching', () => {
  it('runs waiting callers of a batched JS function as one call and splits the results', async () => {
    const engine = await engineFor(
      {
        functions: { slow: js('slow'), sizes: js('sizes') },
        ui: {
          type: 'blocks',
          children: [
            { type: 'textbox', id: 'a' },
            { type: 'textbox', id: 'b' },
          ],
          events: [
            { trigger: 'a.submit', fn: 'slow', inputs: ['a'], outputs: ['b'], concurrencyId: 'one' },
            { trigger: 'a.submit', fn: 'sizes', inputs: ['a'], outputs: ['b'], concurrencyId: 'one', batch: true, maxBatchSize: 3 },
          ],
        },
      },
      'batch.json',
    );
    const blocker = engine.run({ eventIndex: 0, inputs: [300], signal: signal() });
    const names = ['p', 'q', 'r', 's'];
    const results = names.map((name) => engine.run({ eventIndex: 1, inputs: [name], signal: signal() }));
    await blocker;
    expect(await Promise.all(results)).toEqual([['p:3'], ['q:3'], ['r:3'], ['s:1']]);
    expect(engine.metrics().sizes?.batchSizes).toEqual({ 3: 1, 1: 1 });
  });
});

describe('engine with a worker killed mid-request', () => {
  it('fails only the job that was on it, and the next call works', async () => {
    const engine = await engineFor(
      {
        functions: { slow: js('slow'), greet: js('greet') },
        ui: {
          type: 'blocks',
          children: [
            { type: 'number', id: 'ms' },
            { type: 'textbox', id: 'out' },
          ],
          events: [
            { trigger: 'ms.submit', fn: 'slow', inputs: ['ms'], outputs: ['out'] },
            { trigger: 'ms.submit', fn: 'greet', inputs: ['ms'], outputs: ['out'] },
          ],
        },
      },
      'crash.json',
    );
    expect(await engine.run({ eventIndex: 1, inputs: ['before'], signal: signal() })).toEqual(['Hello before!']);
    const before = new Set(childPids());
    const job = engine.run({ eventIndex: 0, inputs: [60_000], signal: signal() });
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Both functions live in one module, hence one worker: the one that is our child now.
    const [worker] = childPids().filter((pid) => before.has(pid));
    expect(worker).toBeDefined();
    process.kill(worker as number, 'SIGKILL');
    await expect(job).rejects.toMatchObject({ code: 'WORKER_CRASHED' });
    expect(await engine.run({ eventIndex: 1, inputs: ['after'], signal: signal() })).toEqual(['Hello after!']);
  });
});

function childPids(): number[] {
  return execFileSync('ps', ['-o', 'pid=', '--ppid', String(process.pid)], { encoding: 'utf8' })
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter((pid) => pid > 0);
}
