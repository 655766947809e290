/**
 * The sampler (main/metrics-history/): the scheduler's job events become one row per event per
 * interval, written to a real SQLite file through the store's BatchWriter, on a fake clock. The
 * events are the scheduler's own (TypedEvents<SchedulerEvents>), counted by its SchedulerMetrics.
 */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/common/logger.js';
import { TypedEvents } from '../../main/common/typed-events.js';
import type { Engine } from '../../main/engine/types.js';
import { MetricsHistory } from '../../main/metrics-history/metrics-history.js';
import type { ProcessFigures } from '../../main/metrics-history/process-figures.js';
import { createProcessProbe, gpuFigures } from '../../main/metrics-history/process-figures.js';
import { SchedulerMetrics } from '../../main/scheduler/metrics.js';
import type { SchedulerEvents } from '../../main/scheduler/scheduler-events.js';
import { openStore } from '../../main/store/open-store.js';
import { useDataDirs } from '../store/support.js';

const FIGURES: ProcessFigures = {
  rssBytes: 123,
  heapBytes: 45,
  workersRssBytes: null,
  gpuMemoryUsedBytes: null,
  gpuMemoryTotalBytes: null,
  gpuUtilization: null,
};

function fakeEngine() {
  const events = new TypedEvents<SchedulerEvents>();
  const metrics = new SchedulerMetrics(events);
  const engine = {
    jobEvents: events,
    metrics: () => metrics.snapshot(),
    app: { events: [{ apiName: 'predict' }, { apiName: 'idle' }] },
    loaded: { file: '/p/project.json' },
  } as unknown as Pick<Engine, 'jobEvents' | 'metrics' | 'app' | 'loaded'>;
  return { events, engine };
}

const newDataDir = useDataDirs();

describe('MetricsSampler + MetricsHistory', () => {
  it('writes one row per event per interval: outcomes, latency and wait percentiles, batches, queue depth', async () => {
    const store = openStore({ dataDir: await newDataDir(), logger: silentLogger });
    const { events, engine } = fakeEngine();
    let now = 1_000_000;
    const history = new MetricsHistory({ store, engine, logger: silentLogger, probe: () => Promise.resolve(FIGURES), now: () => now });
    const key = 'predict';
    const queue = (id: string) => events.emit('queued', { jobId: id, key, groupId: 'g', sessionId: 's' });
    for (const id of ['a', 'b', 'c', 'd', 'e']) queue(id);
    events.emit('started', { jobIds: ['a', 'b', 'c'], key, groupId: 'g', waitMs: [10, 20, 30] });
    events.emit('finished', { jobId: 'a', key, outcome: 'completed', waitMs: 10, runMs: 100, batchSize: 3 });
    events.emit('finished', { jobId: 'b', key, outcome: 'completed', waitMs: 20, runMs: 100, batchSize: 3 });
    events.emit('finished', { jobId: 'c', key, outcome: 'failed', waitMs: 30, runMs: 100, batchSize: 3 });
    events.emit('finished', { jobId: 'd', key, outcome: 'cancelled', waitMs: null, runMs: null, batchSize: 0 });
    now += 5_000;
    await history.sampleNow();
    await store.writer.flush();
    const rows = history.repository.query({ project: '/p/project.json', from: 0, to: now, bucketMs: 0 });
    expect(rows.map((r) => r.event)).toEqual(['idle', 'predict']);
    expect(rows[0]).toMatchObject({ completed: 0, latencyP50: null, queued: 0, batches: 0, rssBytes: 123 });
    expect(rows[1]).toMatchObject({
      t: 1_000_000,
      intervalMs: 5_000,
      completed: 2,
      failed: 1,
      cancelled: 1,
      latencyP50: 110,
      latencyP99: 120,
      waitP50: 20,
      waitP95: 30,
      batches: 1,
      batchJobs: 3,
      batchMax: 3,
      queued: 1, // e is still waiting
      queuedMax: 5,
      running: 0,
      heapBytes: 45,
    });

    // The next interval starts where the last ended and starts from zero, the queue depth carried over.
    events.emit('started', { jobIds: ['e'], key, groupId: 'g', waitMs: [5_000] });
    now += 5_000;
    await history.sampleNow();
    await store.writer.flush();
    const [, second] = history.repository.query({ project: '/p/project.json', from: 1_005_000, to: now, bucketMs: 0 });
    expect(second).toMatchObject({ t: 1_005_000, completed: 0, failed: 0, batches: 1, queued: 0, queuedMax: 1, waitP50: 5_000 });
    expect(history.samplerCost.samples).toBe(2);
    await history.stop();
    await store.close();
  });

  it('samples on its own timer and stops cleanly (no write after stop)', async () => {
    const store = openStore({ dataDir: await newDataDir(), logger: silentLogger });
    const { engine } = fakeEngine();
    const history = new MetricsHistory({
      store,
      engine,
      logger: silentLogger,
      sampleMs: 20,
      probe: () => Promise.resolve(FIGURES),
    }).start();
    const count = () => (store.db.prepare('SELECT count(*) AS n FROM metrics_raw').get() as { n: number }).n;
    while (count() < 4) await new Promise((resolve) => setTimeout(resolve, 20));
    await history.stop();
    await store.writer.flush();
    const stopped = count();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await store.writer.flush();
    expect(count()).toBe(stopped);
    await store.close();
  });

  it('reads this process’s memory and its children’s; GPU figures only from devices that report them', async () => {
    const figures = await createProcessProbe([])(new AbortController().signal);
    expect(figures.rssBytes).toBeGreaterThan(10_000_000);
    expect(figures.heapBytes).toBeGreaterThan(1_000_000);
    if (process.platform === 'linux') expect(figures.workersRssBytes).not.toBeNull();
    expect(figures.gpuMemoryUsedBytes).toBeNull();
    const gpu = { vendor: 'nvidia' as const, name: 'GPU', driver: null };
    expect(
      gpuFigures([
        { ...gpu, id: 'cuda:0', memoryTotalBytes: 80, memoryFreeBytes: 30, utilization: 0.5 },
        { ...gpu, id: 'cuda:1', memoryTotalBytes: 40, memoryFreeBytes: 40, utilization: 0.1 },
        { ...gpu, id: 'display:0', memoryTotalBytes: null, memoryFreeBytes: null, utilization: null },
      ]),
    ).toEqual({ used: 50, total: 120, utilization: 0.3 });
    expect(gpuFigures([{ ...gpu, id: 'display:0', memoryTotalBytes: 8, memoryFreeBytes: null, utilization: null }])).toEqual({
      used: null,
      total: null,
      utilization: null,
    });
  });
});
