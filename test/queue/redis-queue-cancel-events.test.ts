import { describe, expect, it } from 'vitest';
import type { StoredJobEvent } from '../../main/queue/queue-types.js';
import type { RedisQueue } from '../../main/queue/redis/redis-queue.js';
import { job, namespace, redisForFile } from './queue-fixtures.js';

/**
 * Cancels from another front (its own connection) reach the worker holding the run; event streams
 * resume from a last id and a blocked read wakes on the next event.
 */

const redis = redisForFile();

/** Two fronts and a worker on one namespace, each on its own connections. */
async function cluster(): Promise<{ frontA: RedisQueue; frontB: RedisQueue; worker: RedisQueue }> {
  const ns = namespace();
  const [frontA, frontB, worker] = await Promise.all([redis.open(ns), redis.open(ns), redis.open(ns)]);
  return { frontA, frontB, worker };
}

const types = (events: readonly StoredJobEvent[]): string[] => events.map((stored) => stored.event.type);

describe('RedisQueue cancel', () => {
  it('cancels a queued job from another front: out of the line, its stream ends cancelled', async () => {
    const { frontA, frontB, worker } = await cluster();
    await frontA.submit(job('j1', 'A'));
    await frontA.submit(job('j2', 'B'));
    expect((await frontA.position('j2'))?.rank).toBe(1);
    expect(await frontB.cancel('j1')).toBe('cancelled-queued');
    expect(await frontA.position('j1')).toBeNull();
    expect(await frontA.position('j2')).toMatchObject({ rank: 0, queueSize: 1 });
    expect(types(await frontA.readEvents(new Map([['j1', '0']])))).toEqual(['queued', 'cancelled']);
    expect((await worker.claim({ workerId: 'w', groups: ['g'] }))?.jobs.map((claimed) => claimed.id)).toEqual(['j2']);
    expect(await frontB.cancel('j1')).toBe('already-finished');
    expect(await frontB.cancel('nope')).toBe('unknown');
  });

  it('cancels a running job from another front: the claiming worker hears it, and the slot stays taken until it lets go', async () => {
    const { frontA, frontB, worker } = await cluster();
    let hear: (cancel: { runId: string; jobId: string }) => void = () => undefined;
    const heard = new Promise<{ runId: string; jobId: string }>((resolve) => (hear = resolve));
    // Resolves once Redis confirmed the subscription, so the cancel below cannot be missed.
    await worker.onCancel('w1', (runId, jobId) => hear({ runId, jobId }));
    await frontA.submit(job('j1', 'A', { limit: 1 }));
    await frontA.submit(job('j2', 'B', { limit: 1 }));
    const run = await worker.claim({ workerId: 'w1', groups: ['g'] });
    expect(run?.jobs.map((claimed) => claimed.id)).toEqual(['j1']);
    if (!run) return;

    expect(await frontB.cancel('j1')).toBe('cancelled-running');
    expect(await heard).toEqual({ runId: run.runId, jobId: 'j1' });
    expect((await frontA.status('j1'))?.state).toBe('cancelled');
    // The heartbeat says so too (a backstop for a message missed while reconnecting).
    expect(await worker.heartbeat('w1', [run.runId])).toEqual({ lost: [], cancelled: [{ runId: run.runId, jobId: 'j1' }] });
    // The run is still stopping: its slot is not free for j2 yet.
    expect(await worker.claim({ workerId: 'w2', groups: ['g'] })).toBeNull();
    // The worker lets go; the cancelled job keeps its outcome (no completed event), and the slot frees.
    expect(await worker.complete(run, [{ ok: true, output: 'late' }])).toBe(true);
    expect((await frontA.status('j1'))?.state).toBe('cancelled');
    expect(types(await frontA.readEvents(new Map([['j1', '0']])))).toEqual(['queued', 'started', 'cancelled']);
    expect((await worker.claim({ workerId: 'w2', groups: ['g'] }))?.jobs.map((claimed) => claimed.id)).toEqual(['j2']);
  });
});

describe('RedisQueue events', () => {
  it('resumes a job stream after a last id, reads several jobs at once, and wakes a blocked read', async () => {
    const { frontA, frontB, worker } = await cluster();
    await frontA.submit(job('j1', 'A'));
    await frontA.submit(job('j2', 'B'));
    const run = await worker.claim({ workerId: 'w', groups: ['g'] });
    if (!run) throw new Error('no run');
    for (const progress of [0.25, 0.5, 0.75]) expect(await worker.emit(run, 'j1', { type: 'progress', progress })).toBe(true);

    const all = await frontA.readEvents(new Map([['j1', '0']]));
    expect(types(all)).toEqual(['queued', 'started', 'progress', 'progress', 'progress']);
    // A client saw up to the first progress on front A, which died; front B resumes after it.
    const seen = all[2];
    if (!seen) throw new Error('no progress event');
    const resumed = await frontB.readEvents(new Map([['j1', seen.id]]));
    expect(resumed.map((stored) => stored.event)).toEqual([
      { type: 'progress', progress: 0.5 },
      { type: 'progress', progress: 0.75 },
    ]);

    // One read for a session's jobs; it blocks until the next event of any of them.
    const last = resumed.at(-1)?.id ?? '0';
    const j2Events = await frontB.readEvents(new Map([['j2', '0']]));
    const blocked = frontB.readEvents(
      new Map([
        ['j1', last],
        ['j2', j2Events.at(-1)?.id ?? '0'],
      ]),
      { blockMs: 30_000 },
    );
    expect(await worker.complete(run, [{ ok: true, output: { label: 'POSITIVE' } }])).toBe(true);
    const woke = await blocked;
    expect(woke.map((stored) => [stored.jobId, stored.event.type])).toEqual([['j1', 'completed']]);
    expect(woke[0]?.event).toMatchObject({ type: 'completed', output: { label: 'POSITIVE' } });
    expect(await frontB.sessionJobs('A')).toEqual(['j1']);
  });
});
