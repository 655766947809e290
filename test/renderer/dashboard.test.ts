/** The dashboard's pure parts (renderer/dashboard/): chart columns, live merging, number formats. */
import { describe, expect, it } from 'vitest';
import { CHARTS, chartData, hasValues } from '../../renderer/dashboard/charts.js';
import { formatBytes, formatMs, formatRate, perPoint } from '../../renderer/dashboard/format.js';
import type { MetricsRow } from '../../renderer/dashboard/metrics-client.js';
import { mergeLive } from '../../renderer/dashboard/use-history.js';

function row(t: number, overrides: Partial<MetricsRow> = {}): MetricsRow {
  return {
    event: 'predict',
    t,
    intervalMs: 5_000,
    samples: 1,
    completed: 10,
    failed: 1,
    cancelled: 0,
    latencyP50: 120,
    latencyP95: 300,
    latencyP99: 410,
    queued: 2,
    queuedMax: 4,
    running: 1,
    waitP50: 5,
    waitP95: 40,
    batches: 4,
    batchJobs: 10,
    batchMax: 4,
    rssBytes: 200 * 1024 * 1024,
    heapBytes: 80 * 1024 * 1024,
    workersRssBytes: null,
    gpuMemoryUsedBytes: null,
    gpuMemoryTotalBytes: null,
    gpuUtilization: null,
    ...overrides,
  };
}

const chart = (id: string) => {
  const found = CHARTS.find((c) => c.id === id);
  if (!found) throw new Error(`no chart ${id}`);
  return found;
};

describe('dashboard charts', () => {
  it('turns rows into uPlot columns: x in seconds, rates per second, batch means, gaps as null', () => {
    const rows = [row(10_000), row(15_000, { completed: 0, latencyP50: null, batches: 0, batchJobs: 0 })];
    expect(chartData(chart('throughput'), rows)).toEqual([
      [10, 15],
      [2, 0],
      [0.2, 0.2],
    ]);
    expect(chartData(chart('latency'), rows)[1]).toEqual([120, null]);
    expect(chartData(chart('batches'), rows)).toEqual([
      [10, 15],
      [2.5, null],
      [4, null],
    ]);
  });

  it('shows the GPU chart only when some row has a GPU figure', () => {
    expect(hasValues(chart('gpu'), [row(0)])).toBe(false);
    expect(hasValues(chart('gpu'), [row(0), row(5_000, { gpuUtilization: 0.4 })])).toBe(true);
  });

  it('appends live rows newer than the last held and drops those out of range', () => {
    const held = [row(0), row(5_000), row(10_000)];
    const merged = mergeLive(held, [row(10_000), row(15_000)], 5_000);
    expect(merged.map((r) => r.t)).toEqual([5_000, 10_000, 15_000]);
  });

  it('writes numbers as the legends show them', () => {
    expect(formatMs(null)).toBe('–');
    expect(formatMs(12.345)).toBe('12.3 ms');
    expect(formatMs(4_920)).toBe('4920 ms');
    expect(formatMs(12_500)).toBe('12.5 s');
    expect(formatRate(2)).toBe('2.00/s');
    expect(formatBytes(200 * 1024 * 1024)).toBe('200 MiB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.00 GiB');
    expect(perPoint(5_000)).toBe('per 5 s');
    expect(perPoint(60_000)).toBe('per minute');
  });
});
