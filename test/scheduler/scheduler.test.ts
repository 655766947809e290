import { describe, expect, it } from 'vitest';
import { isCancelled } from '../../preload/shared/errors.js';
import type { QueuePosition } from '../../main/engine/types.js';
import { SpecScheduler as Scheduler, type JobSpec } from './spec-scheduler.js';

/** A job the test finishes by hand, so ordering is deterministic and no timers are involved. */
function manual(): { run: (signal: AbortSignal) => Promise<string>; finish: (v: string) => void; started: boolean; signal?: AbortSignal } {
  const handle = {
    started: false,
    signal: undefined as AbortSignal | undefined,
    finish: (_v: string): void => undefined,
    run: (signal: AbortSignal): Promise<string> => {
      handle.started = true;
      handle.signal = signal;
      return new Promise<string>((resolve, reject) => {
        handle.finish = resolve;
        signal.addEventListener('abort', () => reject(new Error('aborted')));
      });
    },
  };
  return handle;
}

function spec(run: JobSpec<string>['run'], extra: Partial<JobSpec<string>> = {}): JobSpec<string> {
  return { groupId: 'g', limit: 1, statsKey: 'f', signal: new AbortController().signal, run, ...extra };
}

/** A scheduler on a hand-moved clock whose function `f` ran once, for 100 ms (the clock is left at 100). */
async function warmedUp(): Promise<{ scheduler: Scheduler; setClock: (ms: number) => void }> {
  let clock = 0;
  const scheduler = new Scheduler({ maxSize: null, now: () => clock });
  const warmup = manual();
  const warm = scheduler.submit(spec(warmup.run)).result;
  clock = 100;
  warmup.finish('x');
  await warm;
  return { scheduler, setClock: (ms) => (clock = ms) };
}

describe('Scheduler', () => {
  it('runs a group FIFO within its limit and starts the next on completion', async () => {
    const scheduler = new Scheduler({ maxSize: null });
    const a = manual();
    const b = manual();
    const ra = scheduler.submit(spec(a.run)).result;
    const rb = scheduler.submit(spec(b.run)).result;
    expect([a.started, b.started]).toEqual([true, false]);
    expect([scheduler.running, scheduler.waiting]).toEqual([1, 1]);
    a.finish('A');
    await expect(ra).resolves.toBe('A');
    expect(b.started).toBe(true);
    b.finish('B');
    await expect(rb).resolves.toBe('B');
    expect([scheduler.running, scheduler.waiting]).toEqual([0, 0]);
  });

  it('runs different groups side by side', async () => {
    const scheduler = new Scheduler({ maxSize: null });
    const a = manual();
    const b = manual();
    const results = [scheduler.submit(spec(a.run, { groupId: 'x' })).result, scheduler.submit(spec(b.run, { groupId: 'y' })).result];
    expect([a.started, b.started]).toEqual([true, true]);
    scheduler.close();
    await Promise.allSettled(results);
  });

  it('respects the global running cap', () => {
    const scheduler = new Scheduler({ maxSize: null, maxRunning: 1 });
    const a = manual();
    const b = manual();
    scheduler.submit(spec(a.run, { groupId: 'x', limit: null })).result.catch(() => undefined);
    scheduler.submit(spec(b.run, { groupId: 'y', limit: null })).result.catch(() => undefined);
    expect([a.started, b.started]).toEqual([true, false]);
    scheduler.close();
  });

  it('refuses jobs beyond maxSize waiting with QUEUE_FULL', () => {
    const scheduler = new Scheduler({ maxSize: 1 });
    scheduler.submit(spec(manual().run)).result.catch(() => undefined); // running
    scheduler.submit(spec(manual().run)).result.catch(() => undefined); // waiting: 1
    expect(() => scheduler.submit(spec(manual().run))).toThrow(expect.objectContaining({ code: 'QUEUE_FULL' }) as Error);
    scheduler.close();
  });

  it("admits the app window's jobs when the queue is full of others' (maxSize protects the owner)", () => {
    const scheduler = new Scheduler({ maxSize: 1 });
    scheduler.submit(spec(manual().run)).result.catch(() => undefined); // running
    scheduler.submit(spec(manual().run, { sessionId: 'visitor' })).result.catch(() => undefined); // waiting: 1
    expect(() => scheduler.submit(spec(manual().run, { sessionId: 'visitor' }))).toThrow(
      expect.objectContaining({ code: 'QUEUE_FULL' }) as Error,
    );
    expect(() => scheduler.submit(spec(manual().run, { priority: 'high' })).result.catch(() => undefined)).not.toThrow();
    scheduler.close();
  });

  it('sends rank, size and ETA, and re-sends them when the group moves', async () => {
    const { scheduler, setClock } = await warmedUp(); // mean run time: 100 ms, clock at 100
    const a = manual();
    const ra = scheduler.submit(spec(a.run)).result; // starts at 100
    const w = manual();
    const wPositions: QueuePosition[] = [];
    const rw = scheduler.submit(spec(w.run, { onQueue: (p) => wPositions.push(p) })).result;
    // a frees its slot at 100 + 100; w then needs 100 more.
    expect(wPositions).toEqual([{ rank: 0, queueSize: 1, etaMs: 200 }]);
    setClock(150);
    const cPositions: QueuePosition[] = [];
    const c = manual();
    const rc = scheduler.submit(spec(c.run, { onQueue: (p) => cPositions.push(p) })).result;
    expect(cPositions).toEqual([{ rank: 1, queueSize: 2, etaMs: 250 }]);
    a.finish('a'); // ran 50 ms: the mean becomes 75
    await ra;
    expect(w.started).toBe(true);
    expect(wPositions).toHaveLength(1); // no estimations once running
    expect(cPositions).toHaveLength(1); // a move is announced on the next turn, once
    await new Promise((resolve) => setImmediate(resolve));
    expect(cPositions).toEqual([
      { rank: 1, queueSize: 2, etaMs: 250 },
      { rank: 0, queueSize: 1, etaMs: 150 },
    ]);
    scheduler.close();
    await expect(rw).rejects.toSatisfy(isCancelled);
    await expect(rc).rejects.toSatisfy(isCancelled);
  });

  it('estimates before submit the place the job then gets: after priority and the round-robin, with the ETA of the jobs ahead', async () => {
    const { scheduler } = await warmedUp(); // mean run time of f: 100 ms, clock at 100
    expect(scheduler.estimate('other', 1, 'f')).toEqual({ rank: 0, queueSize: 1, etaMs: 100, slotFree: true });
    const holder = manual();
    const results = [scheduler.submit(spec(holder.run)).result]; // runs 100..200
    // Session A queues four jobs: a plain FIFO estimate would put a newcomer fifth.
    for (let i = 0; i < 4; i++) results.push(scheduler.submit(spec(manual().run, { sessionId: 'A' })).result);
    const newcomer = scheduler.estimate('g', 1, 'f', { lane: 'B' });
    expect(newcomer).toEqual({ rank: 1, queueSize: 5, etaMs: 300, slotFree: false }); // behind a1 only: 100 left + 100 + its own 100
    expect(scheduler.estimate('g', 1, 'f')).toEqual(newcomer); // no session: a newcomer too
    expect(scheduler.estimate('g', 1, 'f', { lane: 'A' })).toEqual({ rank: 4, queueSize: 5, etaMs: 600, slotFree: false });
    expect(scheduler.estimate('g', 1, 'f', { lane: 'B', priority: 'high' })).toEqual({
      rank: 0,
      queueSize: 5,
      etaMs: 200,
      slotFree: false,
    });
    // What the job then hears when it joins matches the estimate.
    const heard: QueuePosition[] = [];
    results.push(scheduler.submit(spec(manual().run, { sessionId: 'B', onQueue: (p) => heard.push(p) })).result);
    expect(heard).toEqual([{ rank: 1, queueSize: 5, etaMs: 300 }]);
    scheduler.close();
    for (const result of results) await expect(result).rejects.toSatisfy(isCancelled);
  });

  it('leaves cold runs (a worker start, a model load) out of the run time and the batch policy', async () => {
    let clock = 0;
    const scheduler = new Scheduler({ maxSize: null, now: () => clock });
    const cold = manual();
    const first = scheduler.submit(spec((signal, context) => (context.coldStart(), cold.run(signal)))).result;
    clock = 2_000;
    cold.finish('cold');
    await first;
    expect(scheduler.stats.meanMs('f')).toBeNull();
    expect(scheduler.estimate('g', 1, 'f')).toEqual({ rank: 0, queueSize: 1, etaMs: null, slotFree: true });
    const warm = manual();
    const second = scheduler.submit(spec(warm.run)).result;
    clock = 2_010;
    warm.finish('warm');
    await second;
    expect(scheduler.stats.meanMs('f')).toBe(10);
  });

  it('says whether a slot is free for a job submitted now, even at rank 0', async () => {
    const scheduler = new Scheduler({ maxSize: null });
    expect(scheduler.estimate('g', 1, 'f').slotFree).toBe(true);
    const busy = manual();
    const result = scheduler.submit(spec(busy.run)).result;
    expect(scheduler.estimate('g', 1, 'f')).toMatchObject({ rank: 0, slotFree: false });
    expect(scheduler.estimate('other', 1, 'f').slotFree).toBe(true);
    busy.finish('done');
    await result;
    expect(scheduler.estimate('g', 1, 'f').slotFree).toBe(true);
  });

  it('removes a job cancelled while queued and aborts one cancelled while running', async () => {
    const scheduler = new Scheduler({ maxSize: null });
    const a = manual();
    const running = new AbortController();
    const queued = new AbortController();
    const ra = scheduler.submit(spec(a.run, { signal: running.signal })).result;
    const b = manual();
    const rb = scheduler.submit(spec(b.run, { signal: queued.signal })).result;
    queued.abort();
    await expect(rb).rejects.toSatisfy(isCancelled);
    expect(scheduler.waiting).toBe(0);
    running.abort();
    expect(a.signal?.aborted).toBe(true);
    await expect(ra).rejects.toSatisfy(isCancelled);
    expect(b.started).toBe(false);
    expect(scheduler.running).toBe(0);
  });

  it('reports failures as errors and keeps going', async () => {
    const scheduler = new Scheduler({ maxSize: null });
    const failing = scheduler.submit(spec(() => Promise.reject(new Error('boom')))).result;
    await expect(failing).rejects.toMatchObject({ code: 'FUNCTION_FAILED', message: 'boom' });
    await expect(scheduler.submit(spec(() => Promise.resolve('ok'))).result).resolves.toBe('ok');
    expect(scheduler.stats.meanMs('f')).not.toBeNull();
  });
});
