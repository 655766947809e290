/**
 * Metrics history in a real SQLite file (main/metrics-history/): the migration, the batched
 * writes, and the rollup job driven by a fake clock — raw samples become minute rows after a day
 * and minute rows hour rows after a week, counts preserved, peaks kept, a late row merged.
 */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/common/logger.js';
import { MetricsRepository } from '../../main/metrics-history/metrics-repository.js';
import type { MetricsRow } from '../../main/metrics-history/metrics-row.js';
import { openStore, type Store } from '../../main/store/open-store.js';
import { useDataDirs } from '../store/support.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A fixed "now" on whole hours, so bucket boundaries are easy to reason about. */
const NOW = Date.UTC(2026, 11, 6, 12);

function sample(t: number, overrides: Partial<MetricsRow> = {}): MetricsRow {
  return {
    project: '/p/project.json',
    event: 'predict',
    t,
    intervalMs: 5_000,
    samples: 1,
    completed: 2,
    failed: 0,
    cancelled: 0,
    latencyP50: 100,
    latencyP95: 150,
    latencyP99: 160,
    queued: 1,
    queuedMax: 3,
    running: 1,
    waitP50: 10,
    waitP95: 20,
    batches: 2,
    batchJobs: 2,
    batchMax: 1,
    rssBytes: 100_000_000,
    heapBytes: 20_000_000,
    workersRssBytes: 50_000_000,
    gpuMemoryUsedBytes: null,
    gpuMemoryTotalBytes: null,
    gpuUtilization: null,
    ...overrides,
  };
}

const newDataDir = useDataDirs();

async function open(): Promise<{ store: Store; repo: MetricsRepository }> {
  const store = openStore({ dataDir: await newDataDir(), logger: silentLogger });
  return { store, repo: new MetricsRepository(store.db, store.writer) };
}

const count = (store: Store, table: string): number => (store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('metrics history in SQLite', () => {
  it('writes samples through the batch writer and reads them back by range and event', async () => {
    const { store, repo } = await open();
    repo.record([sample(NOW - 10_000), sample(NOW - 10_000, { event: 'other', completed: 7 })]);
    repo.record([sample(NOW - 5_000)]);
    expect(count(store, 'metrics_raw')).toBe(0); // queued, not yet written: off the caller's path
    await store.writer.flush();
    const all = repo.query({ project: '/p/project.json', from: NOW - 60_000, to: NOW, bucketMs: 0 });
    expect(all.map((r) => [r.event, r.t])).toEqual([
      ['other', NOW - 10_000],
      ['predict', NOW - 10_000],
      ['predict', NOW - 5_000],
    ]);
    const one = repo.query({ project: '/p/project.json', from: NOW - 60_000, to: NOW, event: 'predict', bucketMs: 60_000 });
    expect(one).toHaveLength(1);
    expect(one[0]).toMatchObject({ completed: 4, samples: 2, t: NOW - 60_000, intervalMs: 60_000 });
    expect(repo.query({ project: '/other/project.json', from: 0, to: NOW, bucketMs: 0 })).toEqual([]);
    await store.close();
  });

  it('rolls raw samples older than a day into minute rows, and minute rows older than a week into hour rows', async () => {
    const { store, repo } = await open();
    // Two days of samples every 5 s for one hour window each: 25 h ago (old) and 1 h ago (recent).
    const old = Array.from({ length: 720 }, (_, i) => sample(NOW - 25 * HOUR + i * 5_000, { latencyP95: i === 100 ? 900 : 150 }));
    const recent = Array.from({ length: 12 }, (_, i) => sample(NOW - HOUR + i * 5_000));
    repo.record([...old, ...recent]);
    await store.writer.flush();

    expect(repo.rollup(NOW)).toEqual({ raw: 720, minute: 0 });
    expect(count(store, 'metrics_raw')).toBe(12);
    expect(count(store, 'metrics_minute')).toBe(60);
    const minutes = repo.query({ project: '/p/project.json', from: NOW - 26 * HOUR, to: NOW - 24 * HOUR, bucketMs: 0 });
    expect(minutes).toHaveLength(60);
    expect(minutes.every((m) => m.samples === 12 && m.completed === 24 && m.intervalMs === 60_000)).toBe(true);
    // The spike survives the rollup: a minute's p95 is its worst sample's.
    expect(Math.max(...minutes.map((m) => m.latencyP95 ?? 0))).toBe(900);
    expect(minutes[0]).toMatchObject({ latencyP50: 100, queued: 1, queuedMax: 3, rssBytes: 100_000_000 });
    // Running it again moves nothing: the rollup is idempotent.
    expect(repo.rollup(NOW)).toEqual({ raw: 0, minute: 0 });

    // Eight days on, in one run: the recent raw rows become a minute, then every minute row an hour row.
    const later = NOW + 8 * DAY;
    expect(repo.rollup(later)).toEqual({ raw: 12, minute: 61 });
    expect(count(store, 'metrics_minute')).toBe(0);
    const hours = repo.query({ project: '/p/project.json', from: 0, to: later, bucketMs: 0 });
    expect(hours.map((h) => [h.t, h.samples, h.completed, h.intervalMs])).toEqual([
      [NOW - 25 * HOUR, 720, 1440, HOUR],
      [NOW - HOUR, 12, 24, HOUR],
    ]);
    await store.close();
  });

  it('merges a late sample into a minute that was already rolled up', async () => {
    const { store, repo } = await open();
    const minute = NOW - 2 * DAY;
    repo.record([sample(minute), sample(minute + 5_000)]);
    await store.writer.flush();
    repo.rollup(NOW);
    repo.record([sample(minute + 10_000, { completed: 10, latencyP50: 400, latencyP99: 999 })]);
    await store.writer.flush();
    repo.rollup(NOW);
    const [row] = repo.query({ project: '/p/project.json', from: minute, to: minute + 60_000, bucketMs: 0 });
    expect(row).toMatchObject({ samples: 3, completed: 14, latencyP99: 999 });
    // p50 weighted by the jobs behind it: (100*2 + 100*2 + 400*10) / 14.
    expect(row?.latencyP50).toBeCloseTo(4_400 / 14, 6);
    await store.close();
  });

  it('keeps the rows across a restart (the same file opened again)', async () => {
    const dataDir = await newDataDir();
    const first = openStore({ dataDir, logger: silentLogger });
    new MetricsRepository(first.db, first.writer).record([sample(NOW - 5_000)]);
    await first.close();
    const second = openStore({ dataDir, logger: silentLogger });
    const rows = new MetricsRepository(second.db, second.writer).query({ project: '/p/project.json', from: 0, to: NOW, bucketMs: 0 });
    expect(rows).toHaveLength(1);
    await second.close();
  });
});
