import { describe, expect, it } from 'vitest';
import { EmbeddedQueue } from '../../main/queue/embedded/embedded-queue.js';
import type { StoredJobEvent } from '../../main/queue/queue-types.js';
import { noWaitPolicy } from '../../main/scheduler/batch-policy.js';
import { Scheduler } from '../../main/scheduler/scheduler.js';
import { job } from './queue-fixtures.js';

/**
 * The embedded queue (the in-process line behind the async queue interface that RedisQueue
 * implements): the same front and worker calls as the Redis tests, in one process, with workers
 * that claim (no run function: nothing starts until someone claims).
 */

function queue(maxSize: number | null = null): EmbeddedQueue {
  return new EmbeddedQueue(new Scheduler({ maxSize, batchPolicy: noWaitPolicy }));
}

const types = (events: readonly StoredJobEvent<unknown>[]): string[] => events.map((stored) => stored.event.type);

describe('EmbeddedQueue', () => {
  it('submits, claims, emits and completes; the stream and the status say so, in order', async () => {
    const q = queue();
    const accepted = await q.submit(job('j1', 'A'));
    expect(accepted).toMatchObject({ id: 'j1', event: 'predict', lane: 'A' });
    expect(typeof accepted.enqueuedAt).toBe('number');
    expect(await q.submit(job('j1', 'A'))).toBe(accepted); // idempotent by id
    const run = await q.claim({ workerId: 'w', groups: ['g'] });
    expect(run?.jobs.map((one) => one.id)).toEqual(['j1']);
    if (!run) return;
    expect(await q.emit(run, 'j1', { type: 'log', message: 'hi', level: 'info' })).toBe(true);
    expect(await q.complete(run, [{ ok: true, output: { text: 'done' } }])).toBe(true);
    const events = await q.readEvents(new Map([['j1', '0']]));
    expect(types(events)).toEqual(['queued', 'started', 'log', 'completed']);
    expect(events.at(-1)?.event).toMatchObject({ type: 'completed', output: { text: 'done' } });
    // Resuming after the second event gives the rest only.
    expect(types(await q.readEvents(new Map([['j1', events[1]?.id ?? '']])))).toEqual(['log', 'completed']);
    expect(await q.status('j1')).toMatchObject({ state: 'completed', attempts: 1, output: { text: 'done' } });
    expect(await q.submit(job('j1', 'A'))).toBe(accepted); // a finished job is not run twice
    expect(await q.claim({ workerId: 'w', groups: ['g'] })).toBeNull();
    expect(await q.heartbeat('w', [run.runId])).toEqual({ lost: [run.runId], cancelled: [] });
    await q.close();
  });

  it('places jobs as the claims then take them: positions, estimate, the lanes round-robin, the limit', async () => {
    const q = queue();
    for (const [id, lane] of [
      ['a1', 'A'],
      ['a2', 'A'],
      ['b1', 'B'],
    ] as const) {
      await q.submit(job(id, lane, { limit: 1 }));
    }
    expect([...(await q.positions('g')).keys()]).toEqual(['a1', 'b1', 'a2']);
    expect(await q.position('a2')).toMatchObject({ rank: 2, queueSize: 3 });
    expect(await q.estimate('g', 'predict', { lane: 'C' })).toMatchObject({ rank: 2, queueSize: 4, slotFree: true });
    const claimed: string[] = [];
    for (;;) {
      const run = await q.claim({ workerId: 'w', groups: ['g'] });
      if (!run) break;
      claimed.push(...run.jobs.map((one) => one.id));
      expect(await q.claim({ workerId: 'w2', groups: ['g'] })).toBeNull(); // limit 1
      await q.complete(run, [{ ok: true, output: null }]);
    }
    expect(claimed).toEqual(['a1', 'b1', 'a2']);
    expect(await q.sessionJobs('A')).toEqual(['a1', 'a2']);
    await q.close();
  });

  it('refuses normal jobs past maxWaiting with QUEUE_FULL by throwing at once, and admits the owner', async () => {
    const q = queue();
    await q.submit(job('j1'), { maxWaiting: 1 });
    expect(() => q.submit(job('j2'), { maxWaiting: 1 })).toThrow(expect.objectContaining({ code: 'QUEUE_FULL' }) as Error);
    await expect(q.submit(job('j3', 'L', { priority: 'high' }), { maxWaiting: 1 })).resolves.toMatchObject({ id: 'j3' });
    expect(await q.status('j2')).toBeNull();
    await q.close();
  });

  it('tells the claiming worker of a cancel from the front; a waiting job leaves at once; the slot frees when the worker lets go', async () => {
    const q = queue();
    const heard: [string, string][] = [];
    await q.onCancel('w1', (runId, jobId) => heard.push([runId, jobId]));
    await q.submit(job('j1', 'A', { limit: 1 }));
    await q.submit(job('j2', 'B', { limit: 1 }));
    await q.submit(job('j3', 'C', { limit: 1 }));
    const run = await q.claim({ workerId: 'w1', groups: ['g'] });
    if (!run) throw new Error('no run');
    expect(await q.cancel('j2')).toBe('cancelled-queued');
    expect(types(await q.readEvents(new Map([['j2', '0']])))).toEqual(['queued', 'cancelled']);
    expect(await q.cancel('j1')).toBe('cancelled-running');
    expect(heard).toEqual([[run.runId, 'j1']]);
    expect(await q.claim({ workerId: 'w2', groups: ['g'] })).toBeNull(); // still stopping
    expect(await q.complete(run, [{ ok: true, output: 'late' }])).toBe(true);
    expect((await q.status('j1'))?.state).toBe('cancelled');
    expect((await q.claim({ workerId: 'w2', groups: ['g'] }))?.jobs.map((one) => one.id)).toEqual(['j3']);
    expect(await q.cancel('j1')).toBe('already-finished');
    expect(await q.cancel('nope')).toBe('unknown');
    await q.close();
  });

  it("without history (the engine's queue) knows live jobs only and keeps no events", async () => {
    const q = new EmbeddedQueue(new Scheduler({ maxSize: null }), { history: false });
    await q.submit(job('j1', 'A'));
    expect(await q.status('j1')).toMatchObject({ state: 'queued', attempts: 0, job: { id: 'j1' } });
    const run = await q.claim({ workerId: 'w', groups: ['g'] });
    expect(await q.status('j1')).toMatchObject({ state: 'running', attempts: 1 });
    expect(await q.readEvents(new Map([['j1', '0']]))).toEqual([]);
    if (run) await q.complete(run, [{ ok: true, output: null }]);
    expect(await q.status('j1')).toBeNull();
    expect(await q.cancel('j1')).toBe('unknown');
    await q.close();
  });

  it('wakes a blocked reader of several jobs at the next event, and workers and fronts at work and moves', async () => {
    const q = queue();
    const work: string[] = [];
    const moved: string[] = [];
    await q.onWork((groupId) => work.push(groupId));
    await q.onMoved((groupId) => moved.push(groupId));
    await q.submit(job('j1', 'A', { limit: 1 }));
    await q.submit(job('j2', 'B', { limit: 1 }));
    expect(work).toContain('g');
    const after = new Map(
      (
        await q.readEvents(
          new Map([
            ['j1', '0'],
            ['j2', '0'],
          ]),
        )
      ).map((stored) => [stored.jobId, stored.id]),
    );
    const blocked = q.readEvents(after, { blockMs: 60_000 });
    const run = await q.claim({ workerId: 'w', groups: ['g'] });
    expect(types(await blocked)).toEqual(['started']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(moved).toContain('g');
    if (run) await q.fail(run, { code: 'FUNCTION_FAILED', message: 'boom' });
    expect(await q.status('j1')).toMatchObject({ state: 'failed', error: { code: 'FUNCTION_FAILED', message: 'boom' } });
    await q.close();
  });
});
