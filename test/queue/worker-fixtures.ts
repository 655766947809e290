import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobEvent, StoredJobEvent } from '../../main/queue/job-events.js';
import type { QueueFront } from '../../main/queue/queue-types.js';
import { afterEach } from 'vitest';
import { tempDir } from '../runtimes/support.js';

/**
 * A test project for queue workers: JS functions (run by the real engine in real worker processes)
 * that stream, log, wait on their signal, and write when they start and end to a file, so a test
 * can measure how many ran at once across worker processes.
 */

export const WORKER_MODULE = `
import { appendFileSync } from 'node:fs';
const sleep = (ms, signal) => new Promise((resolve, reject) => {
  const timer = setTimeout(resolve, ms);
  signal.addEventListener('abort', () => { clearTimeout(timer); reject(new Error('stopped')); }, { once: true });
});
export async function* count([n], ctx) {
  for (let i = 1; i <= n; i++) { ctx.progress([i, n]); ctx.log('step ' + i, 'info'); yield String(i); }
}
export async function slow([ms], ctx) { await sleep(ms, ctx.signal); return 'slept ' + ms; }
export function quick([text]) { return 'quick ' + text; }
export function sizes([names]) { return [names.map((n) => n + ':' + names.length)]; }
export async function hold([{ ms, logFile, tag }], ctx) {
  ctx.log('worker ' + process.ppid, 'info');
  appendFileSync(logFile, 'start ' + Date.now() + ' ' + process.ppid + ' ' + tag + '\\n');
  await sleep(ms, ctx.signal);
  appendFileSync(logFile, 'end ' + Date.now() + ' ' + process.ppid + ' ' + tag + '\\n');
  return 'done by ' + process.ppid;
}
`;

export interface EventSpec {
  readonly fn: 'count' | 'slow' | 'quick' | 'hold' | 'sizes';
  readonly concurrencyLimit?: number | null;
  readonly concurrencyId?: string;
  readonly batch?: { readonly maxBatchSize: number };
}

/** Writes fns.js and a Blocks project whose events are `events` (api name = group = the function's name). */
export async function writeWorkerProject(
  events: readonly EventSpec[],
  queue: Record<string, unknown> = {},
): Promise<{ dir: string; file: string; remove: () => Promise<void> }> {
  const dir = await tempDir('queue-worker');
  await writeFile(join(dir.path, 'fns.js'), WORKER_MODULE);
  const fns = [...new Set(events.map((event) => event.fn))];
  const project = {
    version: 1,
    name: 'worker test',
    functions: Object.fromEntries(fns.map((fn) => [fn, { kind: 'js', module: './fns.js', export: fn }])),
    queue,
    ui: {
      type: 'blocks',
      children: [
        { type: 'textbox', id: 'in' },
        { type: 'textbox', id: 'out' },
      ],
      events: events.map((event) => ({
        trigger: 'in.submit',
        fn: event.fn,
        inputs: ['in'],
        outputs: ['out'],
        ...(event.concurrencyLimit !== undefined ? { concurrencyLimit: event.concurrencyLimit } : {}),
        ...(event.concurrencyId !== undefined ? { concurrencyId: event.concurrencyId } : {}),
        ...(event.batch ? { batch: true, maxBatchSize: event.batch.maxBatchSize } : {}),
      })),
    },
  };
  const file = join(dir.path, 'project.json');
  await writeFile(file, JSON.stringify(project, null, 2));
  return { dir: dir.path, file, remove: dir.remove };
}

const isTerminal = (event: JobEvent): boolean => ['completed', 'failed', 'cancelled'].includes(event.type);

/**
 * Reads a job's stream from its start until `stop` says so, or its terminal event (then a test
 * waiting for something that will not come fails on its assertion, not on its timeout), waiting on
 * Redis, not a clock.
 */
export async function eventsUntil(front: QueueFront, jobId: string, stop: (event: JobEvent) => boolean = isTerminal): Promise<JobEvent[]> {
  const seen: StoredJobEvent[] = [];
  for (;;) {
    const after = new Map([[jobId, seen.at(-1)?.id ?? '0']]);
    for (const event of await front.readEvents(after, { blockMs: 1000 })) {
      seen.push(event);
      if (stop(event.event) || isTerminal(event.event)) return seen.map((stored) => stored.event);
    }
  }
}

/** One `hold` run as its function logged it: when it ran and in which worker process. */
export interface HeldRun {
  readonly tag: string;
  readonly worker: number;
  readonly start: number;
  readonly end: number;
}

export async function heldRuns(logFile: string): Promise<HeldRun[]> {
  const text = await readFile(logFile, 'utf8').catch(() => '');
  const starts = new Map<string, { at: number; worker: number }>();
  const runs: HeldRun[] = [];
  for (const line of text.split('\n').filter(Boolean)) {
    const [kind, at, worker, tag = ''] = line.split(' ');
    if (kind === 'start') starts.set(tag, { at: Number(at), worker: Number(worker) });
    const started = starts.get(tag);
    if (kind === 'end' && started) runs.push({ tag, worker: started.worker, start: started.at, end: Number(at) });
  }
  return runs;
}

/**
 * The most runs that were running at one moment. Starts count before ends at the same
 * millisecond, so two runs that merely touch count as overlapping: an upper bound.
 */
export function maxOverlap(runs: readonly HeldRun[]): number {
  const points = runs.flatMap((run) => [
    { at: run.start, step: 1 },
    { at: run.end, step: -1 },
  ]);
  points.sort((a, b) => a.at - b.at || b.step - a.step);
  let now = 0;
  let max = 0;
  for (const point of points) {
    now += point.step;
    max = Math.max(max, now);
  }
  return max;
}

/**
 * What a test started, ended after each test: child processes still running are killed (and
 * awaited), then the cleanups run in reverse order.
 */
export function processReaper(): { children: ChildProcessWithoutNullStreams[]; cleanups: (() => Promise<void>)[] } {
  const children: ChildProcessWithoutNullStreams[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return { children, cleanups };
}
