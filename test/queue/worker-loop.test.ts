import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createLogger, type Logger } from '../../main/common/logger.js';
import { createEngine } from '../../main/engine/create-engine.js';
import type { Engine } from '../../main/engine/types.js';
import { loadProject } from '../../main/project/load.js';
import { normalize } from '../../preload/shared/project/normalize.js';
import type { ClaimedRun, QueueWorker } from '../../main/queue/queue-types.js';
import { RedisQueue } from '../../main/queue/redis/redis-queue.js';
import { workerCapabilities } from '../../main/queue/worker/worker-capabilities.js';
import { WorkerLoop } from '../../main/queue/worker/worker-loop.js';
import { job, namespace, redisForFile } from './queue-fixtures.js';
import { eventsUntil, writeWorkerProject } from './worker-fixtures.js';

/**
 * The worker loop over a real redis-server and a real engine (JS functions in real worker
 * processes): what a front sees in a job's stream, cancels, a lost lease, Redis going away.
 */

const redis = redisForFile();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Started {
  readonly front: RedisQueue;
  readonly queue: RedisQueue;
  readonly loop: WorkerLoop;
  readonly engine: Engine;
  readonly ended: ClaimedRun[];
  readonly logs: string[];
  /** While dropping, the worker's heartbeats never reach Redis (they answer "nothing lost"). */
  readonly beats: { drop(on: boolean): void };
}

function droppingHeartbeats(queue: RedisQueue): { worker: QueueWorker; beats: Started['beats'] } {
  let dropping = false;
  const worker: QueueWorker = {
    claim: (request) => queue.claim(request),
    heartbeat: (workerId, runIds) => (dropping ? Promise.resolve({ lost: [], cancelled: [] }) : queue.heartbeat(workerId, runIds)),
    emit: (run, jobId, event) => queue.emit(run, jobId, event),
    complete: (run, results, options) => queue.complete(run, results, options),
    fail: (run, error) => queue.fail(run, error),
    onCancel: (workerId, listener) => queue.onCancel(workerId, listener),
    onWork: (listener) => queue.onWork(listener),
    reap: () => queue.reap(),
  };
  return { worker, beats: { drop: (on) => void (dropping = on) } };
}

async function startWorker(
  events: Parameters<typeof writeWorkerProject>[0],
  settings: { leaseMs?: number; lostWorkerRetries?: 0 | 1 } = {},
): Promise<Started> {
  const project = await writeWorkerProject(events);
  cleanups.push(project.remove);
  const ns = namespace();
  const front = await redis.open(ns, settings);
  const logs: string[] = [];
  const logger: Logger = createLogger('worker', 'info', (line) => logs.push(line));
  // Its own connection with a logger: the test reads when it says the connection is lost.
  const queue = await RedisQueue.connect(`${redis.server().url}?namespace=${ns}`, settings, logger);
  cleanups.push(() => queue.close());
  const loaded = await loadProject(project.file);
  const engine = await createEngine({ loaded, environment: { offline: true } });
  const ended: ClaimedRun[] = [];
  const { worker, beats } = droppingHeartbeats(queue);
  const loop = new WorkerLoop({
    queue: worker,
    engine,
    workerId: `w-${ns}`,
    groups: workerCapabilities(loaded.project, normalize(loaded.project), { device: 'auto' }).served,
    maxRuns: 8,
    leaseMs: queue.settings.leaseMs,
    pollMs: 200,
    logger,
    onRunEnd: (run) => ended.push(run),
  });
  await loop.start();
  // Stopped with its engine: a run a failed test left behind ends (failed) instead of holding the stop.
  cleanups.push(async () => {
    const stopped = loop.stop();
    await engine.dispose();
    await stopped;
  });
  return { front, queue, loop, engine, ended, logs, beats };
}

afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('WorkerLoop (real redis-server, real engine)', () => {
  it('runs a claimed job on the local engine: progress, logs and partials in order, then its result', async () => {
    const { front } = await startWorker([{ fn: 'count' }]);
    await front.submit(job('c1', 'L', { event: 'count', groupId: 'count', inputs: [3] }));
    const events = await eventsUntil(front, 'c1');
    expect(events.map((event) => event.type)).toEqual([
      'queued',
      'started',
      ...['progress', 'log', 'partial', 'progress', 'log', 'partial', 'progress', 'log', 'partial'],
      'completed',
    ]);
    expect(events.filter((event) => event.type === 'partial')).toEqual(
      ['1', '2', '3'].map((value) => ({ type: 'partial', outputs: [value] })),
    );
    expect(events.find((event) => event.type === 'progress')).toMatchObject({ index: 1, length: 3 });
    expect(events.find((event) => event.type === 'log')).toEqual({ type: 'log', message: 'step 1', level: 'info' });
    expect(events.at(-1)).toMatchObject({ type: 'completed', output: ['3'] });
    expect(await front.status('c1')).toMatchObject({ state: 'completed', output: ['3'] });
  });

  it('runs a batch claimed as one run through the engine, one result per job', async () => {
    const { front, ended } = await startWorker([
      { fn: 'slow', concurrencyId: 'one', concurrencyLimit: 1 },
      { fn: 'sizes', concurrencyId: 'one', concurrencyLimit: 1, batch: { maxBatchSize: 3 } },
    ]);
    // The slow job holds the group's one slot while the batchable jobs line up behind it.
    await front.submit(job('b0', 'L', { event: 'slow', groupId: 'one', limit: 1, inputs: [500] }));
    await eventsUntil(front, 'b0', (event) => event.type === 'started');
    const names = ['p', 'q', 'r', 's'];
    for (const name of names) {
      await front.submit(
        job(name, `lane-${name}`, { event: 'sizes', groupId: 'one', limit: 1, batch: { key: 'sizes', maxSize: 3 }, inputs: [name] }),
      );
    }
    const outputs = await Promise.all(names.map(async (name) => (await eventsUntil(front, name)).at(-1)));
    expect(outputs.map((end) => (end?.type === 'completed' ? end.output : end))).toEqual([['p:3'], ['q:3'], ['r:3'], ['s:1']]);
    await expect
      .poll(() => ended.map((run) => run.jobs.map((claimed) => claimed.id).join(' ')), { timeout: 10_000 })
      .toEqual(['b0', 'p q r', 's']);
  });

  it('fails a job of an event its project does not have, naming the events it has', async () => {
    const { front } = await startWorker([{ fn: 'quick' }]);
    await front.submit(job('u1', 'L', { event: 'nope', groupId: 'quick' }));
    expect((await eventsUntil(front, 'u1')).at(-1)).toEqual({
      type: 'failed',
      error: {
        code: 'NOT_FOUND',
        message: 'This worker\'s project has no event "nope" (its events: quick): do the fronts and workers serve the same project.json?',
      },
    });
  });

  it('a cancel from a front stops the run on the worker and frees its slot for the next job', async () => {
    const { front, ended } = await startWorker([{ fn: 'slow', concurrencyLimit: 1 }]);
    // 10 minutes unless the cancel reaches the function's signal: the test's timeout is far shorter.
    await front.submit(job('s1', 'L', { event: 'slow', groupId: 'slow', limit: 1, inputs: [600_000] }));
    await eventsUntil(front, 's1', (event) => event.type === 'started');
    expect(await front.cancel('s1')).toBe('cancelled-running');
    await front.submit(job('s2', 'L', { event: 'slow', groupId: 'slow', limit: 1, inputs: [10] }));
    expect((await eventsUntil(front, 's2')).at(-1)).toMatchObject({ type: 'completed', output: ['slept 10'] });
    expect((await eventsUntil(front, 's1')).at(-1)).toEqual({ type: 'cancelled' });
    await expect.poll(() => ended.map((run) => run.jobs[0]?.id), { timeout: 10_000 }).toEqual(['s1', 's2']);
  }, 30_000);

  it('a run whose lease was lost is stopped, and its result never delivered over the retry', async () => {
    // Heartbeats are dropped (as on a stalled machine or a cut network) until the lease runs out and
    // a reap requeues the job; the first heartbeat that gets through tells the worker it lost the run.
    const { front, loop, ended, logs, beats } = await startWorker([{ fn: 'slow', concurrencyLimit: 1 }], { leaseMs: 1000 });
    await front.submit(job('l1', 'L', { event: 'slow', groupId: 'slow', limit: 1, inputs: [600_000] }));
    await eventsUntil(front, 'l1', (event) => event.type === 'started');
    const [held] = loop.held;
    beats.drop(true);
    expect((await eventsUntil(front, 'l1', (event) => event.type === 'requeued')).at(-1)).toMatchObject({ type: 'requeued', attempt: 1 });
    expect(ended).toEqual([]);
    beats.drop(false);
    await expect.poll(() => ended.map((run) => run.runId), { timeout: 20_000 }).toEqual([held]);
    expect(logs.join('\n')).toContain(`run ${held ?? ''} is no longer this worker's (its lease expired): stopping it`);
    // Claimed again (attempt 2) once its slot here is free; cancelled so that the test ends.
    await eventsUntil(front, 'l1', (event) => event.type === 'started' && event.attempt === 2);
    expect(await front.cancel('l1')).toBe('cancelled-running');
  }, 40_000);

  it('keeps working across a Redis kill -9 and restart: stops claiming while it is away, then claims again', async () => {
    const { front, logs } = await startWorker([{ fn: 'quick' }]);
    await front.submit(job('r1', 'L', { event: 'quick', groupId: 'quick', inputs: ['one'] }));
    expect((await eventsUntil(front, 'r1')).at(-1)).toMatchObject({ type: 'completed', output: ['quick one'] });
    await redis.server().kill();
    await expect.poll(() => logs.join('\n'), { timeout: 20_000 }).toMatch(/connection to .* is lost/);
    await redis.server().start();
    await front.submit(job('r2', 'L', { event: 'quick', groupId: 'quick', inputs: ['two'] }));
    expect((await eventsUntil(front, 'r2')).at(-1)).toMatchObject({ type: 'completed', output: ['quick two'] });
  }, 60_000);
});
