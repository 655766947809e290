/**
 * SchedulerMetrics fed by a real Scheduler's event stream, on a clock the test moves by hand, so
 * every wait and run time is known exactly; and the typed event stream itself (queued, started,
 * finished) for a small scenario with a cancel, a failure and a batch.
 */
import { describe, expect, it } from 'vitest';
import { isCancelled } from '../../preload/shared/errors.js';
import { noWaitPolicy } from '../../main/scheduler/batch-policy.js';
import { SchedulerMetrics } from '../../main/scheduler/metrics.js';
import type { SchedulerEvents } from '../../main/scheduler/scheduler-events.js';
import { SpecScheduler as Scheduler, type JobSpec } from './spec-scheduler.js';

/** A clock the test moves: the scheduler reads it for every wait and run time. */
function manualClock(): { now: () => number; advance: (ms: number) => void } {
  let time = 1_000;
  return { now: () => time, advance: (ms) => void (time += ms) };
}

/** A job the test settles by hand. */
function manual<T = string>(): {
  run: (signal: AbortSignal) => Promise<T>;
  finish: (value: T) => void;
  fail: (error: Error) => void;
  started: boolean;
} {
  const handle = {
    started: false,
    finish: (_value: T): void => undefined,
    fail: (_error: Error): void => undefined,
    run: (signal: AbortSignal): Promise<T> => {
      handle.started = true;
      return new Promise<T>((resolve, reject) => {
        handle.finish = resolve;
        handle.fail = reject;
        signal.addEventListener('abort', () => reject(new Error('aborted')));
      });
    },
  };
  return handle;
}

function spec(statsKey: string, run: JobSpec<string>['run'], extra: Partial<JobSpec<string>> = {}): JobSpec<string> {
  return { groupId: 'g', limit: 1, statsKey, signal: new AbortController().signal, run, ...extra };
}

/** A deterministic shuffle (LCG), so the latencies do not arrive sorted. */
function shuffled(values: readonly number[], seed = 7): number[] {
  const out = [...values];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as number, out[i] as number];
  }
  return out;
}

/**
 * Runs one job of key `f` that waits exactly `waitMs` in the queue (behind a `gate` job holding
 * the group's only slot) and then runs exactly `runMs`.
 */
async function timedJob(scheduler: Scheduler, clock: ReturnType<typeof manualClock>, waitMs: number, runMs: number): Promise<void> {
  const gate = manual();
  const job = manual();
  const gated = scheduler.submit(spec('gate', gate.run)).result;
  const result = scheduler.submit(spec('f', job.run)).result;
  expect(job.started).toBe(false);
  clock.advance(waitMs);
  gate.finish('open');
  await gated;
  expect(job.started).toBe(true);
  clock.advance(runMs);
  job.finish('done');
  await expect(result).resolves.toBe('done');
}

describe('SchedulerMetrics', () => {
  it('gives nearest-rank percentiles of latency and queue wait, and totals, from known times', async () => {
    const clock = manualClock();
    const scheduler = new Scheduler({ maxSize: null, now: clock.now });
    const metrics = new SchedulerMetrics(scheduler.events);
    // 100 jobs with end-to-end latencies 1..100 ms (in shuffled order): each waits latency - 1 ms
    // and runs 1 ms, so the waits are 0..99 ms.
    const latencies = shuffled(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(latencies).not.toEqual([...latencies].sort((a, b) => a - b));
    for (const latency of latencies) await timedJob(scheduler, clock, latency - 1, 1);

    const f = metrics.snapshot().f;
    // Nearest rank: the smallest value with at least p% of the values at or below it.
    expect(f?.latencyMs).toEqual({ p50: 50, p95: 95, p99: 99 });
    expect(f?.waitMs).toEqual({ p50: 49, p95: 94, p99: 98 });
    expect(f?.latencyTotals).toEqual({ count: 100, sumMs: 5050 });
    expect(f?.waitTotals).toEqual({ count: 100, sumMs: 4950 });
    expect(f).toMatchObject({ queued: 0, running: 0, completed: 100, failed: 0, cancelled: 0, batchSizes: { 1: 100 } });
    // The gate jobs are counted under their own key: never waited, ran latency - 1 ms each.
    expect(metrics.snapshot().gate).toMatchObject({
      completed: 100,
      waitMs: { p50: 0, p95: 0, p99: 0 },
      latencyMs: { p50: 49, p95: 94, p99: 98 },
    });
    metrics.dispose();
  });

  it('keeps percentiles over the last 1,000 jobs while totals count every job', async () => {
    const clock = manualClock();
    const scheduler = new Scheduler({ maxSize: null, now: clock.now });
    const metrics = new SchedulerMetrics(scheduler.events);
    const run = async (runMs: number): Promise<void> => {
      const job = manual();
      const result = scheduler.submit(spec('f', job.run)).result;
      clock.advance(runMs);
      job.finish('ok');
      await result;
    };
    for (let i = 0; i < 10; i++) await run(5_000);
    for (let i = 0; i < 1_000; i++) await run(10);
    const f = metrics.snapshot().f;
    expect(f?.latencyMs).toEqual({ p50: 10, p95: 10, p99: 10 }); // the ten 5 s jobs left the window
    expect(f?.latencyTotals).toEqual({ count: 1_010, sumMs: 60_000 });
    metrics.dispose();
  });

  it('counts queued, running, completed, failed and cancelled jobs and batch sizes as they move', async () => {
    const clock = manualClock();
    const scheduler = new Scheduler({ maxSize: null, now: clock.now, batchPolicy: noWaitPolicy });
    const metrics = new SchedulerMetrics(scheduler.events);
    const blocker = manual();
    const failing = manual();
    const leaving = new AbortController();
    const runBatch = (inputs: readonly unknown[]): Promise<string[]> => Promise.resolve(inputs.map((input) => `r:${String(input)}`));
    const batchJob = (input: string): JobSpec<string> =>
      spec('b', () => Promise.reject(new Error('runs in a batch')), { batch: { key: 'b', maxSize: 2, input, runBatch } });

    const first = scheduler.submit(spec('f', blocker.run)).result;
    const failed = scheduler.submit(spec('f', failing.run)).result;
    const cancelled = scheduler.submit(spec('f', manual().run, { signal: leaving.signal })).result;
    const batched = [scheduler.submit(batchJob('x')).result, scheduler.submit(batchJob('y')).result];
    expect(metrics.snapshot()).toMatchObject({ f: { queued: 2, running: 1 }, b: { queued: 2, running: 0 } });

    leaving.abort();
    await expect(cancelled).rejects.toSatisfy(isCancelled);
    expect(metrics.snapshot().f).toMatchObject({ queued: 1, running: 1, cancelled: 1 });

    blocker.finish('ok');
    await expect(first).resolves.toBe('ok');
    expect(metrics.snapshot().f).toMatchObject({ queued: 0, running: 1, completed: 1 });
    failing.fail(new Error('bad input'));
    await expect(failed).rejects.toMatchObject({ code: 'FUNCTION_FAILED' });
    await expect(Promise.all(batched)).resolves.toEqual(['r:x', 'r:y']);

    expect(metrics.snapshot()).toMatchObject({
      f: { queued: 0, running: 0, completed: 1, failed: 1, cancelled: 1, batchSizes: { 1: 2 } },
      b: { queued: 0, running: 0, completed: 2, failed: 0, cancelled: 0, batchSizes: { 2: 1 } },
    });
    metrics.dispose();
    expect(scheduler.events.listenerCount('queued')).toBe(0);
    expect(scheduler.events.listenerCount('finished')).toBe(0);
  });
});

describe('Scheduler events', () => {
  it('reports queued, started and finished with ids, keys, outcomes and times', async () => {
    const clock = manualClock();
    const scheduler = new Scheduler({ maxSize: null, now: clock.now, batchPolicy: noWaitPolicy });
    const log: (
      | { type: 'queued'; payload: SchedulerEvents['queued'] }
      | { type: 'started'; payload: SchedulerEvents['started'] }
      | { type: 'finished'; payload: SchedulerEvents['finished'] }
    )[] = [];
    scheduler.events.on('queued', (payload) => log.push({ type: 'queued', payload }));
    scheduler.events.on('started', (payload) => log.push({ type: 'started', payload }));
    scheduler.events.on('finished', (payload) => log.push({ type: 'finished', payload }));

    const failing = manual();
    const leaving = new AbortController();
    let releaseBatch!: () => void;
    const runBatch = (inputs: readonly unknown[]): Promise<string[]> =>
      new Promise((resolve) => (releaseBatch = () => resolve(inputs.map((input) => `r:${String(input)}`))));
    const batchJob = (input: string): JobSpec<string> =>
      spec('b', () => Promise.reject(new Error('runs in a batch')), { batch: { key: 'b', maxSize: 2, input, runBatch }, sessionId: 's' });

    // t=0: A (fails later) starts; B waits and will be cancelled; C and D wait to run as one batch.
    const a = scheduler.submit(spec('f', failing.run, { sessionId: 's' }));
    const b = scheduler.submit(spec('f', manual().run, { signal: leaving.signal, sessionId: 's' }));
    const c = scheduler.submit(batchJob('c'));
    clock.advance(2);
    const d = scheduler.submit(batchJob('d'));
    clock.advance(3);
    leaving.abort(); // t=5
    await expect(b.result).rejects.toSatisfy(isCancelled);
    clock.advance(5);
    failing.fail(new Error('bad input')); // t=10
    await expect(a.result).rejects.toMatchObject({ code: 'FUNCTION_FAILED' });
    clock.advance(15);
    releaseBatch(); // t=25
    await expect(Promise.all([c.result, d.result])).resolves.toEqual(['r:c', 'r:d']);

    const queued = (jobId: string, key: string) => ({ type: 'queued', payload: { jobId, key, groupId: 'g', sessionId: 's' } });
    expect(log).toEqual([
      queued(a.id, 'f'),
      { type: 'started', payload: { jobIds: [a.id], key: 'f', groupId: 'g', waitMs: [0] } },
      queued(b.id, 'f'),
      queued(c.id, 'b'),
      queued(d.id, 'b'),
      { type: 'finished', payload: { jobId: b.id, key: 'f', outcome: 'cancelled', waitMs: null, runMs: null, batchSize: 0 } },
      { type: 'finished', payload: { jobId: a.id, key: 'f', outcome: 'failed', waitMs: 0, runMs: 10, batchSize: 1 } },
      { type: 'started', payload: { jobIds: [c.id, d.id], key: 'b', groupId: 'g', waitMs: [10, 8] } },
      { type: 'finished', payload: { jobId: c.id, key: 'b', outcome: 'completed', waitMs: 10, runMs: 15, batchSize: 2 } },
      { type: 'finished', payload: { jobId: d.id, key: 'b', outcome: 'completed', waitMs: 8, runMs: 15, batchSize: 2 } },
    ]);
    expect(new Set([a.id, b.id, c.id, d.id]).size).toBe(4);
  });
});
