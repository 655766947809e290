/**
 * Stopping work through the real `@gradio/client`: a cancelled CPU-bound JS function really stops
 * burning CPU (by itself when it checks ctx.signal, by the grace kill when it does not), and a
 * worker that dies fails only its own jobs, then comes back for the jobs queued behind them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ProjectInput } from '../../preload/shared/project/schema.js';
import { isAlive } from '../runtimes/support.js';
import { startDemo, type Demo } from './support/demo-app.js';
import { connect, type GradioClient, type SubmitJob } from './support/gradio-client.js';

/** How long a cancelled job may keep running before its worker is killed (the engine's `cancelGraceMs`). */
const GRACE_MS = 500;

const SPIN_MODULE = `
export function pid() { return process.pid; }

/** Busy for ~ms in 5 ms chunks; between chunks it lets the event loop run (the cancel message) and checks its signal. */
export async function spinPolite([ms], ctx) {
  const end = Date.now() + ms;
  let chunks = 0;
  while (Date.now() < end) {
    const until = Date.now() + 5;
    while (Date.now() < until) {}
    chunks++;
    await new Promise((resolve) => setImmediate(resolve));
    if (ctx.signal.aborted) return 'stopped after ' + chunks + ' chunks';
  }
  return 'spun ' + chunks + ' chunks';
}

/** Busy for ~ms without ever yielding or looking at its signal. */
export function spinDeaf([ms]) {
  const end = Date.now() + ms;
  while (Date.now() < end) {}
  return 'spun';
}
`;

/** a.js and b.js: the same code in two modules, hence two workers. */
const HOLD_MODULE = `
import { writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const file = fileURLToPath(import.meta.url);
const name = basename(file);

export function pid() { return process.pid; }

/** Marks that it runs (started-<module>-<ms>), then waits ms (or until cancelled). */
export async function hold([ms], ctx) {
  await writeFile(join(dirname(file), 'started-' + name + '-' + ms), String(process.pid));
  await new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    ctx.signal.addEventListener('abort', () => { clearTimeout(timer); reject(new Error('stopped')); }, { once: true });
  });
  return [name + ' held ' + ms + ' ms', process.pid];
}
`;

const fn = (module: string, name: string) => ({ kind: 'js' as const, module, export: name });

const PROJECT: Omit<ProjectInput, 'version' | 'name'> = {
  functions: {
    pid: fn('./spin.js', 'pid'),
    spinPolite: fn('./spin.js', 'spinPolite'),
    spinDeaf: fn('./spin.js', 'spinDeaf'),
    pidA: fn('./a.js', 'pid'),
    holdA: fn('./a.js', 'hold'),
    pidB: fn('./b.js', 'pid'),
    holdB: fn('./b.js', 'hold'),
  },
  ui: {
    type: 'blocks',
    children: [
      { type: 'number', id: 'ms', label: 'Milliseconds' },
      { type: 'textbox', id: 'text', label: 'Text' },
      { type: 'number', id: 'worker', label: 'Worker pid' },
      { type: 'button', id: 'go' },
    ],
    events: [
      { trigger: 'go.click', fn: 'pid', inputs: [], outputs: ['worker'] },
      { trigger: 'go.click', fn: 'spinPolite', inputs: ['ms'], outputs: ['text'] },
      { trigger: 'go.click', fn: 'spinDeaf', inputs: ['ms'], outputs: ['text'] },
      { trigger: 'go.click', fn: 'pidA', inputs: [], outputs: ['worker'] },
      { trigger: 'go.click', fn: 'holdA', inputs: ['ms'], outputs: ['text', 'worker'], concurrencyLimit: 1 },
      { trigger: 'go.click', fn: 'pidB', inputs: [], outputs: ['worker'] },
      { trigger: 'go.click', fn: 'holdB', inputs: ['ms'], outputs: ['text', 'worker'] },
    ],
  },
};

let demo: Demo;
let client: GradioClient;

beforeAll(async () => {
  demo = await startDemo(
    PROJECT,
    { workers: { cancelGraceMs: GRACE_MS } },
    { 'spin.js': SPIN_MODULE, 'a.js': HOLD_MODULE, 'b.js': HOLD_MODULE },
  );
  client = await connect(demo.base);
});

afterAll(async () => {
  // Its session stream may still be open (streamLingerMs): closing aborts it and the client logs the AbortError.
  const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  client.close();
  await demo.close();
  quiet.mockRestore();
});

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** CPU time (user + system, all threads) a live process has used, in ms, from /proc/<pid>/stat. */
function cpuMs(pid: number): number {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
  } catch {
    throw new Error(`process ${String(pid)} is gone`);
  }
  // Fields after the command name (which may hold spaces) start at field 3; utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** CPU ms the process uses over a window of `ms` wall-clock ms. */
/** Waits (on a loaded machine, as long as it takes) until `pid` has burnt `ms` of CPU from now. */
async function burns(pid: number, ms: number): Promise<void> {
  const before = cpuMs(pid);
  await expect.poll(() => cpuMs(pid) - before, { timeout: 30_000, interval: 50 }).toBeGreaterThan(ms);
}

async function cpuOver(pid: number, ms: number): Promise<number> {
  const before = cpuMs(pid);
  await new Promise((resolve) => setTimeout(resolve, ms));
  return cpuMs(pid) - before;
}

async function workerPid(endpoint: string): Promise<number> {
  const [pid] = (await client.predict(endpoint, [])).data;
  expect(typeof pid).toBe('number');
  return pid as number;
}

/** Reads a submitted job to its end in the background (a cancelled job ends with `complete` or `error`). */
function drain(job: SubmitJob): Promise<void> {
  return (async () => {
    for await (const event of job) {
      const stage = (event as { stage?: string }).stage;
      if (stage === 'complete' || stage === 'error') break;
    }
  })();
}

/**
 * Runs `body` with a client of its own, closed afterwards (closing with its stream open makes the
 * client log an AbortError, silenced here).
 */
async function withCancellingClient(body: (own: GradioClient) => Promise<void>): Promise<void> {
  const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const own = await connect(demo.base, { events: ['data', 'status'] });
  try {
    await body(own);
  } finally {
    own.close();
    quiet.mockRestore();
  }
}

const cancelled = (apiName: string): number => demo.engine.metrics()[apiName]?.cancelled ?? 0;

describe('stopping work through @gradio/client', () => {
  it('a cancelled CPU-bound function that checks ctx.signal stops burning CPU by itself, on the same worker', async () => {
    const pid = await workerPid('/pid');
    await withCancellingClient(async (own) => {
      const job = own.submit('/spinPolite', [10_000]);
      const done = drain(job);
      await expect.poll(() => demo.engine.queueStatus().running, { timeout: 20_000 }).toBe(1);
      // It really is busy: it burns CPU (however slowly a loaded machine gives it a core).
      await burns(pid, 200);

      await job.cancel();
      // The slot frees only once the worker has answered for the job (or been killed for it).
      await expect.poll(() => demo.engine.queueStatus().running, { timeout: 20_000 }).toBe(0);
      // Longer than the grace period: had the function not stopped, it would spin or have been killed.
      expect(await cpuOver(pid, 500)).toBeLessThan(50);
      await done;
    });
    expect(isAlive(pid)).toBe(true);
    expect(await workerPid('/pid')).toBe(pid);
    expect(cancelled('spinPolite')).toBe(1);
  });

  it('a cancelled function that ignores its signal is killed after the grace period; the worker restarts', async () => {
    const pid = await workerPid('/pid');
    let cancelledAt = 0;
    await withCancellingClient(async (own) => {
      const job = own.submit('/spinDeaf', [10_000]);
      const done = drain(job);
      await expect.poll(() => demo.engine.queueStatus().running, { timeout: 20_000 }).toBe(1);
      await burns(pid, 100);

      cancelledAt = performance.now();
      await job.cancel();
      await expect.poll(() => isAlive(pid), { timeout: 20_000 }).toBe(false);
      await done;
    });
    // Not before the grace period was over.
    expect(performance.now() - cancelledAt).toBeGreaterThanOrEqual(GRACE_MS);
    await expect.poll(() => demo.engine.queueStatus().running, { timeout: 20_000 }).toBe(0);
    expect(cancelled('spinDeaf')).toBe(1);
    const restarted = await workerPid('/pid');
    expect(restarted).not.toBe(pid);
    expect(isAlive(restarted)).toBe(true);
  });

  it('a killed worker fails only its running job; the job queued behind it runs on a restarted worker', async () => {
    const [pidA, pidB] = [await workerPid('/pidA'), await workerPid('/pidB')];
    expect(pidA).not.toBe(pidB);
    const started = (module: string, ms: number): boolean => existsSync(join(demo.dir, `started-${module}-${String(ms)}`));

    const runningA = client.predict('/holdA', [30_000]);
    const runningB = client.predict('/holdB', [2_000]);
    // Both have reached their workers (not only left the queue).
    await expect.poll(() => started('a.js', 30_000) && started('b.js', 2_000), { timeout: 20_000 }).toBe(true);
    const queuedA = client.predict('/holdA', [50]);
    await expect.poll(() => demo.engine.queueStatus(), { timeout: 20_000 }).toEqual({ queued: 1, running: 2 });

    process.kill(pidA, 'SIGKILL');

    await expect(runningA).rejects.toMatchObject({
      message: expect.stringMatching(/JS module ".*a\.js" crashed \(killed by signal SIGKILL\); it is being restarted/) as unknown,
    });
    await expect(runningB).resolves.toMatchObject({ data: ['b.js held 2000 ms', pidB] });
    const queued = await queuedA;
    expect(queued.data[0]).toBe('a.js held 50 ms');
    const restarted = queued.data[1] as number;
    expect(restarted).not.toBe(pidA);
    expect(isAlive(pidA)).toBe(false);
    expect(await workerPid('/pidA')).toBe(restarted);
    expect(await workerPid('/pidB')).toBe(pidB);
  });
});
