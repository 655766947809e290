/**
 * The line's data-and-events API (issue 18, item 1): a job is data, what happens to it comes back
 * as events keyed by its id, and runs are claimed and completed, by the line's own run function or
 * by whoever claims.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../preload/shared/errors.js';
import type { QueuePosition } from '../../main/engine/types.js';
import type { JobEventOf } from '../../main/queue/job-events.js';
import { noWaitPolicy } from '../../main/scheduler/batch-policy.js';
import { JobFailure, Scheduler, type LineRun, type LineSubmission, type SchedulerOptions } from '../../main/scheduler/scheduler.js';

function job(id: string, extra: Partial<LineSubmission> = {}): LineSubmission {
  return { id, event: 'f', inputs: [id], session: 's', lane: 's', priority: 'normal', groupId: 'g', limit: 1, batch: null, ...extra };
}

/** A line whose every event and estimation is logged by job id. */
function logged(options: Partial<SchedulerOptions> = {}): {
  line: Scheduler;
  events: Map<string, JobEventOf<unknown>[]>;
  positions: Map<string, QueuePosition[]>;
} {
  const events = new Map<string, JobEventOf<unknown>[]>();
  const positions = new Map<string, QueuePosition[]>();
  const line = new Scheduler({
    maxSize: null,
    now: () => 0,
    ...options,
    sink: {
      event: (id, event) => events.set(id, [...(events.get(id) ?? []), event]),
      position: (id, position) => positions.set(id, [...(positions.get(id) ?? []), position]),
    },
  });
  return { line, events, positions };
}

const types = (events: readonly JobEventOf<unknown>[] | undefined): string[] => (events ?? []).map((event) => event.type);

describe('Scheduler: jobs as data, events by job id', () => {
  it('hands the run function the jobs as data and reports queued, started, progress and completed by id', async () => {
    let release!: () => void;
    const runs: LineRun[] = [];
    const { line, events, positions } = logged({
      run: (run) => {
        runs.push(run);
        return new Promise((resolve) => (release = () => resolve(run.jobs.map((one) => `out:${String(one.inputs[0])}`))));
      },
    });
    const accepted = line.submit(job('a'));
    expect(accepted).toMatchObject({ id: 'a', event: 'f', inputs: ['a'], enqueuedAt: 0 });
    line.submit(job('b'));
    expect(runs.map((run) => run.jobs.map((one) => one.id))).toEqual([['a']]);
    expect(line.emit(runs[0]?.runId ?? '', 'a', { type: 'progress', progress: 0.5 })).toBe(true);
    expect(line.emit(runs[0]?.runId ?? '', 'b', { type: 'progress', progress: 0.5 })).toBe(false); // b is not in that run
    expect(positions.get('b')).toEqual([{ rank: 0, queueSize: 1, etaMs: null }]);
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(events.get('a')).toEqual([
      { type: 'queued' },
      { type: 'started', etaMs: null, attempt: 1 },
      { type: 'progress', progress: 0.5 },
      { type: 'completed', output: 'out:a', runMs: 0 },
    ]);
    expect(types(events.get('b'))).toEqual(['queued', 'started']);
    line.close();
  });

  it('is idempotent by job id while the job is in the line', () => {
    const { line, events } = logged({ run: () => new Promise(() => undefined) });
    line.submit(job('a'));
    line.submit(job('a'));
    expect(line.running + line.waiting).toBe(1);
    expect(types(events.get('a'))).toEqual(['queued', 'started']);
  });

  it('cancels by id: a waiting job at once, a running one through its run, an unknown one is unknown', async () => {
    const signals: AbortSignal[] = [];
    const { line, events } = logged({
      run: (run) => {
        signals.push(run.signal);
        return new Promise((_, reject) => run.signal.addEventListener('abort', () => reject(new Error('stopped'))));
      },
    });
    line.submit(job('a'));
    line.submit(job('b'));
    expect(line.cancel('b')).toBe('cancelled-queued');
    expect(types(events.get('b'))).toEqual(['queued', 'cancelled']);
    expect(line.cancel('a')).toBe('cancelled-running');
    expect(signals[0]?.aborted).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(types(events.get('a'))).toEqual(['queued', 'started', 'cancelled']);
    expect(line.cancel('a')).toBe('unknown');
  });

  it('without a run function, runs wait to be claimed (listed groups, the limit, a batch cap) and completed job by job', () => {
    const { line, events } = logged({ batchPolicy: noWaitPolicy });
    const work: string[] = [];
    line.onWork((groupId) => work.push(groupId));
    const batch = { key: 'f', maxSize: 8 };
    for (const id of ['a', 'b', 'c']) line.submit(job(id, { batch }));
    line.submit(job('x', { groupId: 'other' }));
    expect(work).toContain('g');
    expect(line.running).toBe(0);
    expect(line.claim(['missing'])).toBeUndefined();
    const run = line.claim(['g'], 2);
    expect(run?.jobs.map((one) => one.id)).toEqual(['a', 'b']);
    expect(line.claim(['g'])).toBeUndefined(); // the group's only slot is taken
    expect(line.complete(run?.runId ?? '', ['A', new JobFailure(new AppError('FUNCTION_FAILED', 'bad b'))])).toBe(true);
    expect(events.get('a')?.at(-1)).toEqual({ type: 'completed', output: 'A', runMs: 0 });
    expect(events.get('b')?.at(-1)).toMatchObject({ type: 'failed', error: { code: 'FUNCTION_FAILED', message: 'bad b' } });
    expect(line.complete(run?.runId ?? '', [])).toBe(false); // once
    expect(line.claim()?.jobs.map((one) => one.id)).toEqual(['c']);
    line.close();
  });

  it('reports positions of a whole group and of one job, as the joiners heard them', () => {
    const { line, positions } = logged({ run: () => new Promise(() => undefined) });
    line.submit(job('a'));
    line.submit(job('b', { lane: 'A' }));
    line.submit(job('c', { lane: 'A' }));
    line.submit(job('d', { lane: 'B' }));
    expect([...line.positions('g').entries()]).toEqual([
      ['b', { rank: 0, queueSize: 3, etaMs: null }],
      ['d', { rank: 1, queueSize: 3, etaMs: null }],
      ['c', { rank: 2, queueSize: 3, etaMs: null }],
    ]);
    expect(line.position('d')).toEqual({ rank: 1, queueSize: 3, etaMs: null });
    expect(positions.get('d')).toEqual([{ rank: 1, queueSize: 3, etaMs: null }]);
    expect(line.position('a')).toBeNull(); // running
    line.close();
  });

  it('does not count a cancel as a turn: the lane of the cancelled job keeps its place in the round-robin, as in Redis', () => {
    const { line } = logged();
    for (const [id, lane] of [
      ['a1', 'A'],
      ['a2', 'A'],
      ['a3', 'A'],
      ['b1', 'B'],
      ['c1', 'C'],
    ] as const) {
      line.submit(job(id, { lane, limit: null }));
    }
    expect([...line.positions('g').keys()]).toEqual(['a1', 'b1', 'c1', 'a2', 'a3']);
    expect(line.cancel('a1')).toBe('cancelled-queued');
    expect([...line.positions('g').keys()]).toEqual(['a2', 'b1', 'c1', 'a3']); // A's turn is still next
    expect(line.claim(['g'])?.jobs.map((one) => one.id)).toEqual(['a2']);
    expect([...line.positions('g').keys()]).toEqual(['b1', 'c1', 'a3']); // a lane served goes to the back
    line.close();
  });
});
