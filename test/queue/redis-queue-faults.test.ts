import { describe, expect, it } from 'vitest';
import type { StoredJobEvent } from '../../main/queue/queue-types.js';
import type { RedisQueue } from '../../main/queue/redis/redis-queue.js';
import { job, namespace, until, redisForFile } from './queue-fixtures.js';

/**
 * Faults: a worker that stops heart-beating loses its run (retried once, then failed); one that
 * heart-beats keeps it; a Redis killed with -9 and started again on its folder (AOF, fsync always)
 * still has every accepted job, in place, and the clients carry on by themselves.
 */

const redis = redisForFile();

/** 1 s leases: long next to a heartbeat every 100 ms even on a loaded machine, short for the test. */
const LEASE_MS = 1000;

async function open(ns: string, retries: 0 | 1 = 1): Promise<RedisQueue> {
  const queue = await redis.open(ns, { leaseMs: LEASE_MS, lostWorkerRetries: retries });
  return queue;
}

const types = (events: readonly StoredJobEvent[]): string[] => events.map((stored) => stored.event.type);
/** Waits until a reap reclaims a run (its lease ran out). */
const reaped = (queue: RedisQueue): Promise<number> => until(async () => ((await queue.reap()) > 0 ? 1 : undefined));

describe('RedisQueue leases', () => {
  it('requeues the job of a silent worker once, at the head of its lane, then fails it with WORKER_CRASHED', async () => {
    const ns = namespace();
    const front = await open(ns);
    const dead = await open(ns);
    const alive = await open(ns);
    await front.submit(job('j1', 'A'));
    await front.submit(job('j2', 'A'));
    const first = await dead.claim({ workerId: 'dead', groups: ['g'] });
    expect(first?.jobs.map((claimed) => claimed.id)).toEqual(['j1']);
    if (!first) return;

    await reaped(front);
    expect(await front.status('j1')).toMatchObject({ state: 'queued', attempts: 1 });
    expect(await front.position('j1')).toMatchObject({ rank: 0 });
    // The silent worker comes back too late: it hears it lost the run and its result is dropped.
    expect(await dead.heartbeat('dead', [first.runId])).toEqual({ lost: [first.runId], cancelled: [] });
    expect(await dead.emit(first, 'j1', { type: 'progress', progress: 1 })).toBe(false);
    expect(await dead.complete(first, [{ ok: true, output: 'stale' }])).toBe(false);

    const second = await alive.claim({ workerId: 'alive', groups: ['g'] });
    expect(second?.jobs.map((claimed) => claimed.id)).toEqual(['j1']);
    expect(second?.attempts).toEqual([2]);
    await reaped(front);
    const status = await front.status('j1');
    expect(status).toMatchObject({ state: 'failed', attempts: 2, error: { code: 'WORKER_CRASHED' } });
    expect(status?.error?.message).toMatch(/stopped answering.*attempt 2 of 2/);
    expect(types(await front.readEvents(new Map([['j1', '0']])))).toEqual(['queued', 'started', 'requeued', 'started', 'failed']);
  });

  it('fails at once when the project allows no retry, and keeps the run of a worker that heart-beats', async () => {
    const ns = namespace();
    const front = await open(ns, 0);
    const worker = await open(ns, 0);
    await front.submit(job('j1', 'A'));
    await front.submit(job('j2', 'B'));
    const lost = await worker.claim({ workerId: 'w', groups: ['g'] });
    await reaped(front);
    expect(await front.status('j1')).toMatchObject({ state: 'failed', attempts: 1, error: { code: 'WORKER_CRASHED' } });

    const kept = await worker.claim({ workerId: 'w', groups: ['g'] });
    expect(kept?.jobs.map((claimed) => claimed.id)).toEqual(['j2']);
    if (!kept || !lost) return;
    const startedAt = Date.now();
    while (Date.now() - startedAt < 3 * LEASE_MS) {
      expect((await worker.heartbeat('w', [kept.runId])).lost).toEqual([]);
      expect(await front.reap()).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await worker.complete(kept, [{ ok: true, output: 'ok' }])).toBe(true);
    expect(await front.status('j2')).toMatchObject({ state: 'completed', output: 'ok' });
  });
});

describe('RedisQueue and a Redis restart', () => {
  it('keeps every accepted job across kill -9 (AOF), and the clients reconnect by themselves', async () => {
    const ns = namespace();
    const front = await open(ns);
    const worker = await open(ns);
    for (const id of ['j1', 'j2', 'j3']) await front.submit(job(id, id === 'j3' ? 'B' : 'A'));
    const run = await worker.claim({ workerId: 'w', groups: ['g'] });
    expect(run?.jobs.map((claimed) => claimed.id)).toEqual(['j1']);
    if (!run) return;
    await worker.emit(run, 'j1', { type: 'progress', progress: 0.5 });

    await redis.server().kill();
    // Accepted while Redis is down: the client holds it and sends it once Redis is back.
    const late = front.submit(job('j4', 'B'));
    await redis.server().start();
    await late;

    expect(await front.status('j1')).toMatchObject({ state: 'running', attempts: 1 });
    expect(types(await front.readEvents(new Map([['j1', '0']])))).toEqual(['queued', 'started', 'progress']);
    // The line and its rotation survived too: lane A was served (j1), so lane B's j3 is next.
    expect(await Promise.all(['j3', 'j2', 'j4'].map(async (id) => (await front.position(id))?.rank))).toEqual([0, 1, 2]);
    expect(await worker.heartbeat('w', [run.runId])).toEqual({ lost: [], cancelled: [] });
    expect(await worker.complete(run, [{ ok: true, output: 'done' }])).toBe(true);
    const rest: string[] = [];
    for (
      let next = await worker.claim({ workerId: 'w', groups: ['g'] });
      next;
      next = await worker.claim({ workerId: 'w', groups: ['g'] })
    ) {
      rest.push(...next.jobs.map((claimed) => claimed.id));
      await worker.complete(next, [{ ok: true, output: null }]);
    }
    expect(rest).toEqual(['j3', 'j2', 'j4']);
  });
});
