import { describe, expect, it } from 'vitest';
import { EmbeddedQueue } from '../../main/queue/embedded/embedded-queue.js';
import type { JobQueue } from '../../main/queue/queue-types.js';
import { noWaitPolicy } from '../../main/scheduler/batch-policy.js';
import { Scheduler } from '../../main/scheduler/scheduler.js';
import { job, redisForFile } from './queue-fixtures.js';

/**
 * One interface, one behaviour: the same scenario through the embedded queue (the in-process line)
 * and through RedisQueue gives the same transcript: places, claims (lanes round-robin, the owner
 * first, the limit, batches from anywhere in the line), cancels, outcomes and event streams.
 * The embedded queue takes what is waiting (noWaitPolicy), as the Redis claim does. A cancel is no
 * turn in either: the lane of a cancelled waiting job keeps its place in the rotation (a2 below).
 */

const redis = redisForFile();

async function claimAll(queue: JobQueue<unknown>, groupId: string, log: string[]): Promise<void> {
  for (
    let run = await queue.claim({ workerId: 'w', groups: [groupId] });
    run;
    run = await queue.claim({ workerId: 'w', groups: [groupId] })
  ) {
    log.push(`claim ${run.jobs.map((one) => one.id).join('+')}`);
    const results = run.jobs.map((one) =>
      one.id === 'a1'
        ? { ok: false as const, error: { code: 'FUNCTION_FAILED' as const, message: 'bad' } }
        : { ok: true as const, output: `out:${one.id}` },
    );
    if (run.jobs.length > 1 || run.jobs[0]?.id !== 'h1') await queue.complete(run, results);
    else log.push('h1 held');
    if (run.jobs[0]?.id === 'h1') {
      // The limit (2) holds while h1 runs: one more claim, then none until h1 is completed.
      const second = await queue.claim({ workerId: 'w', groups: [groupId] });
      log.push(`claim ${second?.jobs.map((one) => one.id).join('+') ?? 'none'}`);
      log.push(`claim ${(await queue.claim({ workerId: 'w', groups: [groupId] })) ? 'more' : 'none'}`);
      if (second)
        await queue.complete(
          second,
          second.jobs.map(() => ({ ok: false as const, error: { code: 'FUNCTION_FAILED' as const, message: 'bad' } })),
        );
      await queue.complete(run, results);
    }
  }
}

async function transcript(queue: JobQueue<unknown>): Promise<string[]> {
  const log: string[] = [];
  for (const [id, lane] of [
    ['a1', 'A'],
    ['a2', 'A'],
    ['a3', 'A'],
    ['b1', 'B'],
    ['b2', 'B'],
    ['c1', 'C'],
  ] as const) {
    await queue.submit(job(id, lane, { limit: 2 }));
  }
  await queue.submit(job('h1', 'A', { limit: 2, priority: 'high' }));
  const line = await queue.positions('g');
  log.push(`line ${[...line].map(([id, position]) => `${id}@${position.rank}/${position.queueSize}`).join(' ')}`);
  log.push(`estimate D ${(await queue.estimate('g', 'predict', { lane: 'D' })).rank}`);
  log.push(`cancel a2 ${await queue.cancel('a2')}`);
  log.push(`order ${[...(await queue.positions('g')).keys()].join(' ')}`);
  log.push(`cancel c1 ${await queue.cancel('c1')}`);
  log.push(`position a3 ${(await queue.position('a3'))?.rank ?? 'none'}`);
  await claimAll(queue, 'g', log);
  const batch = { key: 'k', maxSize: 3 };
  for (const [id, lane, batched] of [
    ['x1', 'X', true],
    ['y1', 'Y', true],
    ['z1', 'Z', false],
    ['x2', 'X', true],
    ['x3', 'X', true],
  ] as const) {
    await queue.submit(job(id, lane, { groupId: 'bg', limit: 1, batch: batched ? batch : null }));
  }
  await claimAll(queue, 'bg', log);
  for (const id of ['h1', 'a1', 'a2', 'c1', 'x2']) {
    const status = await queue.status(id);
    const events = await queue.readEvents(new Map([[id, '0']]));
    log.push(
      `${id} ${status?.state ?? '?'} ${JSON.stringify(status?.output ?? status?.error?.code ?? null)} ${events.map((e) => e.event.type).join(',')}`,
    );
  }
  log.push(`cancel h1 ${await queue.cancel('h1')}`);
  return log;
}

const EXPECTED = [
  'line h1@0/7 a1@1/7 b1@2/7 c1@3/7 a2@4/7 b2@5/7 a3@6/7',
  'estimate D 4',
  'cancel a2 cancelled-queued',
  // A keeps its turn: a1 is still first of the normal jobs (a cancel that counted as A's turn would give h1 b1 c1 a1 b2 a3).
  'order h1 a1 b1 c1 a3 b2',
  'cancel c1 cancelled-queued',
  'position a3 3',
  'claim h1',
  'h1 held',
  'claim a1',
  'claim none',
  'claim b1',
  'claim a3',
  'claim b2',
  'claim x1+y1+x2',
  'claim z1',
  'claim x3',
  'h1 completed "out:h1" queued,started,completed',
  'a1 failed "FUNCTION_FAILED" queued,started,failed',
  'a2 cancelled null queued,cancelled',
  'c1 cancelled null queued,cancelled',
  'x2 completed "out:x2" queued,started,completed',
  'cancel h1 already-finished',
];

describe('the queue contract: embedded and Redis alike', () => {
  it('gives the embedded queue the expected transcript', async () => {
    const queue = new EmbeddedQueue(new Scheduler({ maxSize: null, batchPolicy: noWaitPolicy }));
    expect(await transcript(queue)).toEqual(EXPECTED);
    await queue.close();
  });

  it('gives RedisQueue the same transcript', async () => {
    expect(await transcript(await redis.open())).toEqual(EXPECTED);
  });
});
