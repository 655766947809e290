import { describe, expect, it } from 'vitest';
import type { ClaimedRun } from '../../main/queue/queue-types.js';
import type { RedisQueue } from '../../main/queue/redis/redis-queue.js';
import { job, namespace, redisForFile } from './queue-fixtures.js';

/**
 * A group's limit holds across workers: 4 claimers, each on its own connection (as 4 worker
 * machines would be), race for 40 jobs of a group limited to 2. Each counts a run as in flight from
 * the moment its claim returns until just before it reports completion (the slot is freed inside
 * `complete`), so the measured overlap is an upper bound of the true one.
 */

const redis = redisForFile();

const LIMIT = 2;
const JOBS = 40;

describe('RedisQueue concurrency limit', () => {
  it('never runs more than the group limit at once across 4 concurrent claimers, and runs every job exactly once', async () => {
    const ns = namespace();
    const front = await redis.open(ns);
    const workers = await Promise.all([0, 1, 2, 3].map(() => redis.open(ns)));
    for (let i = 0; i < JOBS; i++) await front.submit(job(`j${i}`, `lane${i % 5}`, { limit: LIMIT }));

    let inFlight = 0;
    let maxInFlight = 0;
    const done: string[] = [];
    const work = async (worker: RedisQueue, index: number): Promise<void> => {
      const workerId = `w${index}`;
      while (done.length < JOBS) {
        const run: ClaimedRun | null = await worker.claim({ workerId, groups: ['g'] });
        if (!run) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          continue;
        }
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 10));
        done.push(...run.jobs.map((claimed) => claimed.id));
        inFlight--;
        expect(await worker.complete(run, [{ ok: true, output: run.jobs[0]?.id ?? null }])).toBe(true);
      }
    };
    await Promise.all(workers.map(work));

    expect(maxInFlight).toBeLessThanOrEqual(LIMIT);
    // The limit was reached (else the test proves nothing): 4 claimers keep 2 slots busy.
    expect(maxInFlight).toBe(LIMIT);
    expect([...done].sort()).toEqual(Array.from({ length: JOBS }, (_, i) => `j${i}`).sort());
    const states = await Promise.all(done.map(async (id) => (await front.status(id))?.state));
    expect(new Set(states)).toEqual(new Set(['completed']));
  });
});
