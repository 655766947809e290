import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../main/common/logger.js';
import { createEngine } from '../../main/engine/create-engine.js';
import type { Engine } from '../../main/engine/types.js';
import { loadProject } from '../../main/project/load.js';
import type { ProjectInput } from '../../preload/shared/project/schema.js';
import { tempDir } from '../runtimes/support.js';

/**
 * `limits` of JS functions and their output, with real workers: a hung function is stopped at its
 * time limit and its slot serves the next call; an allocating one is stopped near its memory
 * limit; console.log reaches the app log, and a flood of it is capped.
 */

const MODULE = `
export function greet([name]) { return 'Hello ' + name + '!'; }

/** Never returns and never looks at ctx.signal: only a kill stops it. */
export function hang() { for (;;) {} }

/** Never settles, but leaves the event loop free (the cancel message arrives; nothing acts on it). */
export function hangAsync() { return new Promise(() => {}); }

/** Grows native memory (Buffers, outside the V8 heap) by 2 MiB every 10 ms, touching every page. */
export async function hog() {
  const keep = [];
  for (;;) {
    keep.push(Buffer.alloc(2 * 2 ** 20, 1));
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Grows the JavaScript heap. */
export async function hogHeap() {
  const keep = [];
  for (;;) {
    for (let i = 0; i < 20; i++) keep.push(new Array(1e4).fill(Math.random()));
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export function chatty([name]) {
  console.log('hello from chatty, ' + name);
  console.error('a warning from chatty');
  return 'said hello';
}

export function flood([n]) {
  for (let i = 0; i < n; i++) console.log('flood line ' + i);
  return 'flooded';
}

export function longLine() {
  process.stdout.write('y'.repeat(100000));
  console.log(' and the end of it');
  console.log('the next line');
  return 'written';
}
`;

let dir: { path: string; remove: () => Promise<void> };
const engines: Engine[] = [];
let lines: string[] = [];

beforeAll(async () => {
  dir = await tempDir('limits');
  await writeFile(join(dir.path, 'fns.js'), MODULE);
});
afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.dispose()));
  lines = [];
});
afterAll(async () => dir.remove());

const js = (name: string, limits?: Record<string, number>) => ({
  kind: 'js' as const,
  module: './fns.js',
  export: name,
  ...(limits ? { limits } : {}),
});

/** One textbox in, one out; one event per function, all sharing one slot (concurrency 1). */
async function engineFor(
  functions: Record<string, ReturnType<typeof js>>,
  extra: Partial<ProjectInput> = {},
  file = 'project.json',
): Promise<Engine> {
  const path = join(dir.path, file);
  const project: ProjectInput = {
    version: 1,
    name: 'limits',
    functions,
    ui: {
      type: 'blocks',
      children: [
        { type: 'textbox', id: 'in' },
        { type: 'textbox', id: 'out' },
      ],
      events: Object.keys(functions).map((fn) => ({ trigger: 'in.submit', fn, inputs: ['in'], outputs: ['out'], concurrencyId: 'one' })),
    },
    ...extra,
  };
  await writeFile(path, JSON.stringify(project));
  const logger = createLogger('test', 'info', (line) => lines.push(line));
  const engine = await createEngine({ loaded: await loadProject(path), environment: { offline: true }, logger, gpu: false });
  engines.push(engine);
  return engine;
}

const run = (engine: Engine, apiName: string, input: unknown): Promise<unknown[]> => {
  const event = engine.app.events.find((candidate) => candidate.apiName === apiName);
  if (!event) throw new Error(`no event ${apiName}`);
  return engine.run({ eventIndex: event.index, inputs: [input], signal: new AbortController().signal });
};

describe('limits.timeoutSeconds', () => {
  it('stops a function that never returns, names the function and the limit, and frees its slot', async () => {
    const engine = await engineFor({ hang: js('hang', { timeoutSeconds: 1 }), greet: js('greet') });
    await expect(run(engine, 'greet', 'before')).resolves.toEqual(['Hello before!']);
    const started = performance.now();
    await expect(run(engine, 'hang', null)).rejects.toMatchObject({
      code: 'LIMIT_EXCEEDED',
      message: expect.stringMatching(/^Function `hang` did not finish within 1 s \(limits\.timeoutSeconds\) and was stopped\./) as unknown,
    });
    // The limit is the point: not a moment before it.
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_000);
    // The slot (concurrency 1, shared) serves the next call, on a restarted worker.
    await expect(run(engine, 'greet', 'after')).resolves.toEqual(['Hello after!']);
    expect(lines.some((line) => line.includes('Function `hang` did not finish within 1 s'))).toBe(true);
  });

  it('takes the project default, and a function that ignores its signal without blocking is stopped too', async () => {
    const engine = await engineFor({ hangAsync: js('hangAsync'), greet: js('greet') }, { limits: { timeoutSeconds: 0.5 } }, 'default.json');
    await expect(run(engine, 'hangAsync', null)).rejects.toMatchObject({
      code: 'LIMIT_EXCEEDED',
      message: expect.stringContaining('Function `hangAsync` did not finish within 0.5 s (limits.timeoutSeconds)') as unknown,
    });
    await expect(run(engine, 'greet', 'next')).resolves.toEqual(['Hello next!']);
  });
});

describe('limits.memoryMb', () => {
  it('stops a function growing native memory near its limit and names the function and the limit', async () => {
    const engine = await engineFor({ hog: js('hog', { memoryMb: 200 }), greet: js('greet') }, {}, 'hog.json');
    const error = (await run(engine, 'hog', null).catch((caught: unknown) => caught)) as { code: string; message: string };
    expect(error).toMatchObject({ code: 'LIMIT_EXCEEDED' });
    expect(error.message).toMatch(
      /^Function `hog` was stopped: the worker for JS module "fns\.js" (used \d+ MB of memory|ran out of JavaScript heap), over its limit of 200 MB \(limits\.memoryMb\)\./,
    );
    // Near the limit, far below the ~4 GB of an unlimited worker (slack for a slow watch on a loaded machine).
    const used = Number(/used (\d+) MB/.exec(error.message)?.[1] ?? 200);
    expect(used).toBeLessThan(600);
    await expect(run(engine, 'greet', 'after')).resolves.toEqual(['Hello after!']);
    expect(lines.some((line) => line.includes('Function `hog` was stopped'))).toBe(true);
  });

  it('stops a function growing the JavaScript heap the same way', async () => {
    const engine = await engineFor({ hogHeap: js('hogHeap'), greet: js('greet') }, { limits: { memoryMb: 200 } }, 'heap.json');
    await expect(run(engine, 'hogHeap', null)).rejects.toMatchObject({
      code: 'LIMIT_EXCEEDED',
      message: expect.stringMatching(/^Function `hogHeap` was stopped: .*over its limit of 200 MB \(limits\.memoryMb\)/) as unknown,
    });
    await expect(run(engine, 'greet', 'after')).resolves.toEqual(['Hello after!']);
  });
});

describe('worker output', () => {
  it('console.log and console.error of a function reach the app log at info', async () => {
    const engine = await engineFor({ chatty: js('chatty') }, {}, 'chatty.json');
    await expect(run(engine, 'chatty', 'Ada')).resolves.toEqual(['said hello']);
    await expect
      .poll(() => lines.filter((line) => /^\[info\] test:runtimes:fns\.js: (hello from chatty, Ada|a warning from chatty) /.test(line)))
      .toHaveLength(2);
  });

  it('caps a flood at 100 lines a second, with a note of how many were dropped', async () => {
    const engine = await engineFor({ flood: js('flood') }, {}, 'flood.json');
    await expect(run(engine, 'flood', 5_000)).resolves.toEqual(['flooded']);
    const dropped = (): number =>
      lines.reduce(
        (sum, line) => sum + Number(/dropped (\d+) lines of worker output \(more than 100 lines per second\)/.exec(line)?.[1] ?? 0),
        0,
      );
    const logged = (): number => lines.filter((line) => /: flood line \d+ /.test(line)).length;
    // Every line is either logged or counted as dropped; the note comes when its second ends.
    await expect.poll(() => logged() + dropped(), { timeout: 20_000 }).toBe(5_000);
    expect(logged()).toBeLessThan(1_000);
    expect(dropped()).toBeGreaterThan(4_000);
  });

  it('cuts a long line at 2,000 characters, and the next line is whole', async () => {
    const engine = await engineFor({ longLine: js('longLine') }, {}, 'long.json');
    await expect(run(engine, 'longLine', null)).resolves.toEqual(['written']);
    await expect.poll(() => lines.some((line) => line.includes(': the next line '))).toBe(true);
    const cut = lines.filter((line) => line.includes('y'.repeat(100)));
    expect(cut).toHaveLength(1);
    expect(cut[0]).toContain(`: ${'y'.repeat(2_000)} … [line cut at 2000 characters] {`);
    expect(lines.some((line) => line.includes('and the end of it'))).toBe(false);
  });
});
