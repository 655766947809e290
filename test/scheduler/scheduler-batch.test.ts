import { describe, expect, it } from 'vitest';
import { isCancelled } from '../../preload/shared/errors.js';
import { AdaptiveBatchPolicy } from '../../main/scheduler/adaptive-batch-policy.js';
import { noWaitPolicy, staticWindowPolicy } from '../../main/scheduler/batch-policy.js';
import { SpecScheduler as Scheduler, type BatchSpec, type JobSpec } from './spec-scheduler.js';

/** A batch function the test releases by hand; it records every batch it was given. */
function batcher(): {
  batches: unknown[][];
  release: () => void;
  signals: AbortSignal[];
  runBatch: (inputs: readonly unknown[], signal: AbortSignal) => Promise<string[]>;
} {
  const pending: (() => void)[] = [];
  const state = {
    batches: [] as unknown[][],
    signals: [] as AbortSignal[],
    release: () => pending.shift()?.(),
    runBatch: (inputs: readonly unknown[], signal: AbortSignal) => {
      state.batches.push([...inputs]);
      state.signals.push(signal);
      return new Promise<string[]>((resolve, reject) => {
        pending.push(() => resolve(inputs.map((input) => `r:${String(input)}`)));
        signal.addEventListener('abort', () => reject(new Error('aborted')));
      });
    },
  };
  return state;
}

const never = (): Promise<string> => new Promise<string>(() => undefined);

function job(key: string, input: unknown, runBatch: BatchSpec<string>['runBatch'], extra: Partial<JobSpec<string>> = {}): JobSpec<string> {
  return {
    groupId: 'g',
    limit: 1,
    statsKey: key,
    signal: new AbortController().signal,
    run: never,
    batch: { key, maxSize: 3, input, runBatch },
    ...extra,
  };
}

describe('Scheduler batching', () => {
  it('gathers waiting jobs of the same event (not only adjacent ones) and splits the results', async () => {
    const scheduler = new Scheduler({ maxSize: null, batchPolicy: noWaitPolicy });
    const f = batcher();
    const g = batcher();
    const first = scheduler.submit(job('f', 0, f.runBatch)).result; // runs alone: nothing else waits yet
    const results = [
      scheduler.submit(job('f', 1, f.runBatch)).result,
      scheduler.submit(job('g', 'x', g.runBatch)).result,
      scheduler.submit(job('f', 2, f.runBatch)).result,
      scheduler.submit(job('f', 3, f.runBatch)).result,
      scheduler.submit(job('f', 4, f.runBatch)).result,
    ];
    expect(f.batches).toEqual([[0]]);
    f.release();
    await expect(first).resolves.toBe('r:0');
    expect(f.batches[1]).toEqual([1, 2, 3]); // maxSize 3, skipping g's job
    expect(scheduler.running).toBe(1); // one slot for the whole batch
    f.release();
    await expect(Promise.all(results.slice(0, 1).concat(results.slice(2, 4)))).resolves.toEqual(['r:1', 'r:2', 'r:3']);
    expect(g.batches).toEqual([['x']]);
    g.release();
    await expect(results[1]).resolves.toBe('r:x');
    f.release();
    await expect(results[4]).resolves.toBe('r:4');
  });

  it('lets one member of a running batch cancel without disturbing the others', async () => {
    const scheduler = new Scheduler({ maxSize: null, batchPolicy: noWaitPolicy });
    const f = batcher();
    const blocker = scheduler.submit(job('f', 0, f.runBatch)).result;
    const leaving = new AbortController();
    const stay = scheduler.submit(job('f', 1, f.runBatch)).result;
    const leave = scheduler.submit(job('f', 2, f.runBatch, { signal: leaving.signal })).result;
    f.release();
    await blocker;
    expect(f.batches[1]).toEqual([1, 2]);
    leaving.abort();
    await expect(leave).rejects.toSatisfy(isCancelled);
    expect(f.signals[1]?.aborted).toBe(false);
    f.release();
    await expect(stay).resolves.toBe('r:1');
  });

  it('aborts a batch when every member cancels', async () => {
    const scheduler = new Scheduler({ maxSize: null, batchPolicy: noWaitPolicy });
    const f = batcher();
    const controllers = [new AbortController(), new AbortController()];
    const blocker = scheduler.submit(job('f', 0, f.runBatch)).result;
    const results = controllers.map((c, i) => scheduler.submit(job('f', i + 1, f.runBatch, { signal: c.signal })).result);
    f.release();
    await blocker;
    for (const c of controllers) c.abort();
    for (const r of results) await expect(r).rejects.toSatisfy(isCancelled);
    expect(f.signals[1]?.aborted).toBe(true);
    expect(scheduler.running).toBe(0);
  });

  it('waits for a static window to fill a batch, then runs what came', async () => {
    const scheduler = new Scheduler({ maxSize: null, batchPolicy: () => staticWindowPolicy(40) });
    const f = batcher();
    const a = scheduler.submit(job('f', 'a', f.runBatch)).result;
    expect(f.batches).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const b = scheduler.submit(job('f', 'b', f.runBatch)).result;
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(f.batches).toEqual([['a', 'b']]);
    f.release();
    await expect(Promise.all([a, b])).resolves.toEqual(['r:a', 'r:b']);
    scheduler.close();
  });
  it('adaptive: callers arriving in one event-loop turn form one batch, decided on the next turn (no 1 ms timer)', async () => {
    const scheduler = new Scheduler({ maxSize: null, batchPolicy: () => new AdaptiveBatchPolicy() });
    const f = batcher();
    const results = ['a', 'b', 'c'].map(
      (input) => scheduler.submit(job('f', input, f.runBatch, { batch: { key: 'f', maxSize: 8, input, runBatch: f.runBatch } })).result,
    );
    expect(f.batches).toEqual([]); // not 'a' alone, then the rest
    await new Promise((resolve) => setImmediate(resolve));
    expect(f.batches).toEqual([['a', 'b', 'c']]);
    f.release();
    await expect(Promise.all(results)).resolves.toEqual(['r:a', 'r:b', 'r:c']);
    scheduler.close();
  });
});

describe('Scheduler fairness', () => {
  it('serves sessions round-robin and the app window first', async () => {
    const scheduler = new Scheduler({ maxSize: null });
    const order: string[] = [];
    let release: () => void = () => undefined;
    const blocker = scheduler.submit({
      groupId: 'g',
      limit: 1,
      statsKey: 'f',
      signal: new AbortController().signal,
      run: () => new Promise<string>((resolve) => (release = () => resolve('blocker'))),
    }).result;
    const submit = (name: string, sessionId: string, priority: 'high' | 'normal' = 'normal') =>
      scheduler.submit({
        groupId: 'g',
        limit: 1,
        statsKey: 'f',
        signal: new AbortController().signal,
        sessionId,
        priority,
        run: () => {
          order.push(name);
          return Promise.resolve(name);
        },
      }).result;
    const all = [submit('a1', 'A'), submit('a2', 'A'), submit('a3', 'A'), submit('b1', 'B'), submit('w', 'W', 'high')];
    release();
    await blocker;
    await Promise.all(all);
    expect(order).toEqual(['w', 'a1', 'b1', 'a2', 'a3']);
  });
});
