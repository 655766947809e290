import { describe, expect, it } from 'vitest';
import type { RedisQueue } from '../../main/queue/redis/redis-queue.js';
import { job, redisForFile } from './queue-fixtures.js';

/** Who leaves first: FIFO in a lane, round-robin across lanes, the owner's jobs first, batches. */

const redis = redisForFile();

async function open(): Promise<RedisQueue> {
  return redis.open();
}

async function drain(queue: RedisQueue): Promise<string[][]> {
  const runs: string[][] = [];
  for (let run = await queue.claim({ workerId: 'w', groups: ['g'] }); run; run = await queue.claim({ workerId: 'w', groups: ['g'] })) {
    runs.push(run.jobs.map((claimed) => claimed.id));
  }
  return runs;
}

describe('RedisQueue order', () => {
  it('serves FIFO within a lane, round-robin across lanes, high priority first, and positions say so', async () => {
    const queue = await open();
    for (const id of ['a1', 'a2', 'a3']) await queue.submit(job(id, 'A'));
    for (const id of ['b1', 'b2']) await queue.submit(job(id, 'B'));
    await queue.submit(job('c1', 'C'));
    await queue.submit(job('h1', 'A', { priority: 'high' }));
    const expected = ['h1', 'a1', 'b1', 'c1', 'a2', 'b2', 'a3'];
    const ranks = await Promise.all(expected.map(async (id) => (await queue.position(id))?.rank));
    expect(ranks).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect((await queue.position('a3'))?.queueSize).toBe(7);
    // A new lane's first job would wait for one job of each lane (and the high one), not the whole line.
    expect((await queue.estimate('g', 'predict', { lane: 'D' })).rank).toBe(4);
    expect((await queue.estimate('g', 'predict', { lane: 'A' })).rank).toBe(7);
    expect((await queue.estimate('g', 'predict', { priority: 'high' })).rank).toBe(1);
    const line = await queue.positions('g');
    expect([...line.keys()]).toEqual(expected);
    expect([...line.values()].map((position) => position.rank)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(await drain(queue)).toEqual(expected.map((id) => [id]));
  });

  it("estimates with Gradio's formula from the run times the workers reported", async () => {
    const queue = await open();
    await queue.submit(job('j0', 'A', { limit: 1 }));
    expect((await queue.position('j0'))?.etaMs).toBeNull(); // never ran: no estimate
    const first = await queue.claim({ workerId: 'w', groups: ['g'] });
    if (!first) throw new Error('no run');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await queue.complete(first, [{ ok: true, output: null }]);
    for (const id of ['j1', 'j2', 'j3']) await queue.submit(job(id, 'A'));
    const running = await queue.claim({ workerId: 'w', groups: ['g'] });
    const started = (await queue.readEvents(new Map([['j1', '0']]))).find((stored) => stored.event.type === 'started');
    const mean = started?.event.type === 'started' ? started.event.etaMs : null;
    expect(mean).toBeGreaterThanOrEqual(50);
    const line = await queue.positions('g');
    const eta2 = line.get('j2')?.etaMs ?? Number.NaN;
    const eta3 = line.get('j3')?.etaMs ?? Number.NaN;
    // Limit 1: j3 waits one more run than j2; both wait for j1 to end (at most one mean from now).
    expect(eta3 - eta2).toBeCloseTo(mean ?? 0, 0);
    expect(eta2).toBeGreaterThanOrEqual(mean ?? 0);
    expect(eta2).toBeLessThanOrEqual(2 * (mean ?? 0) + 1);
    // Asked alone a moment later: the same estimate, less the time j1 ran meanwhile (at most a mean).
    const alone = (await queue.position('j3'))?.etaMs ?? Number.NaN;
    expect(alone).toBeLessThanOrEqual(eta3 + 0.01);
    expect(alone).toBeGreaterThanOrEqual(eta3 - (mean ?? 0) - 0.01);
    if (running) await queue.complete(running, [{ ok: true, output: null }]);
  });

  it('refuses normal jobs past maxWaiting with QUEUE_FULL but still admits the owner', async () => {
    const queue = await open();
    await queue.submit(job('n1'), { maxWaiting: 1 });
    await expect(queue.submit(job('n2'), { maxWaiting: 1 })).rejects.toMatchObject({ code: 'QUEUE_FULL' });
    await queue.submit(job('h1', 'L', { priority: 'high' }), { maxWaiting: 1 });
    // Idempotent by id: a resent submit (a client library retrying after a reconnect) queues nothing twice.
    await queue.submit(job('h1', 'L', { priority: 'high' }), { maxWaiting: 1 });
    expect(await drain(queue)).toEqual([['h1'], ['n1']]);
  });

  it('batches up to maxSize jobs of one batch key from anywhere in the line, in line order, as one run', async () => {
    const queue = await open();
    const batch = { key: 'predict', maxSize: 3 };
    await queue.submit(job('b1', 'A', { batch }));
    await queue.submit(job('b2', 'A', { batch }));
    await queue.submit(job('x1', 'B', { event: 'other' }));
    await queue.submit(job('b3', 'C', { batch }));
    await queue.submit(job('b4', 'C', { batch }));
    // Line order: b1 (A), x1 (B), b3 (C), b2 (A), b4 (C).
    expect(await drain(queue)).toEqual([['b1', 'b3', 'b2'], ['x1'], ['b4']]);
    // A worker with less room asks for smaller batches.
    for (const id of ['c1', 'c2', 'c3']) await queue.submit(job(id, 'A', { batch }));
    const small = await queue.claim({ workerId: 'w', groups: ['g'], maxBatchSize: 2 });
    expect(small?.jobs.map((claimed) => claimed.id)).toEqual(['c1', 'c2']);
  });

  it("keeps the lowest limit a member of the group asked for (Gradio's rule)", async () => {
    const queue = await open();
    await queue.submit(job('j1', 'A', { limit: 3 }));
    await queue.submit(job('j2', 'B', { limit: 1 }));
    await queue.submit(job('j3', 'C', { limit: null }));
    const first = await queue.claim({ workerId: 'w', groups: ['g'] });
    expect(first?.jobs.map((claimed) => claimed.id)).toEqual(['j1']);
    expect(await queue.claim({ workerId: 'w', groups: ['g'] })).toBeNull();
    expect((await queue.estimate('g', 'predict')).slotFree).toBe(false);
  });
});
