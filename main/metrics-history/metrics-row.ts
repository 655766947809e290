import type { MetricsPoint } from '../../preload/shared/metrics/metrics-api.js';

/** A row as stored: a metrics point (preload/shared/metrics/metrics-api.ts) of one project. */
export interface MetricsRow extends MetricsPoint {
  /** project.json's real path: one database serves many projects. */
  readonly project: string;
}

/** The resolutions history is kept at, finest first, with their bucket length. */
export const RESOLUTIONS = { raw: 0, minute: 60_000, hour: 3_600_000 } as const;
export type Resolution = keyof typeof RESOLUTIONS;

function weighted(
  rows: readonly MetricsRow[],
  value: (row: MetricsRow) => number | null,
  weight: (row: MetricsRow) => number,
): number | null {
  let sum = 0;
  let total = 0;
  for (const row of rows) {
    const v = value(row);
    const w = weight(row);
    if (v === null || w <= 0) continue;
    sum += v * w;
    total += w;
  }
  return total === 0 ? null : sum / total;
}

function largest(rows: readonly MetricsRow[], value: (row: MetricsRow) => number | null): number | null {
  let best: number | null = null;
  for (const row of rows) {
    const v = value(row);
    if (v !== null && (best === null || v > best)) best = v;
  }
  return best;
}

function sum(rows: readonly MetricsRow[], value: (row: MetricsRow) => number): number {
  return rows.reduce((total, row) => total + value(row), 0);
}

/**
 * Several rows of one event as one row starting at `t` and `intervalMs` long. Counts add up;
 * gauges are sample-weighted means (and maxima stay maxima); p50s are means weighted by the jobs
 * behind them; p95 and p99 are the worst of the rows (a minute's p95 is its worst 5-second p95: a
 * spike stays visible once rolled up). The same function merges a late row into an existing
 * rollup, since every rule is associative once weighted by `samples`.
 */
export function combineRows(rows: readonly MetricsRow[], t: number, intervalMs: number): MetricsRow {
  const first = rows[0];
  if (!first) throw new Error('combineRows needs at least one row');
  const bySamples = (row: MetricsRow): number => row.samples;
  const gauge = (value: (row: MetricsRow) => number | null): number | null => weighted(rows, value, bySamples);
  return {
    project: first.project,
    event: first.event,
    t,
    intervalMs,
    samples: sum(rows, bySamples),
    completed: sum(rows, (r) => r.completed),
    failed: sum(rows, (r) => r.failed),
    cancelled: sum(rows, (r) => r.cancelled),
    latencyP50: weighted(
      rows,
      (r) => r.latencyP50,
      (r) => r.completed,
    ),
    latencyP95: largest(rows, (r) => r.latencyP95),
    latencyP99: largest(rows, (r) => r.latencyP99),
    queued: gauge((r) => r.queued) ?? 0,
    queuedMax: largest(rows, (r) => r.queuedMax) ?? 0,
    running: gauge((r) => r.running) ?? 0,
    waitP50: weighted(
      rows,
      (r) => r.waitP50,
      (r) => r.batchJobs,
    ),
    waitP95: largest(rows, (r) => r.waitP95),
    batches: sum(rows, (r) => r.batches),
    batchJobs: sum(rows, (r) => r.batchJobs),
    batchMax: largest(rows, (r) => r.batchMax) ?? 0,
    rssBytes: roundOrNull(gauge((r) => r.rssBytes)),
    heapBytes: roundOrNull(gauge((r) => r.heapBytes)),
    workersRssBytes: roundOrNull(gauge((r) => r.workersRssBytes)),
    gpuMemoryUsedBytes: roundOrNull(gauge((r) => r.gpuMemoryUsedBytes)),
    gpuMemoryTotalBytes: largest(rows, (r) => r.gpuMemoryTotalBytes),
    gpuUtilization: gauge((r) => r.gpuUtilization),
  };
}

function roundOrNull(value: number | null): number | null {
  return value === null ? null : Math.round(value);
}

/** Groups one event's rows (sorted by t) into buckets of `bucketMs` and combines each. */
export function bucketRows(rows: readonly MetricsRow[], bucketMs: number): MetricsRow[] {
  if (bucketMs <= 0) return [...rows];
  const buckets = new Map<string, { start: number; rows: MetricsRow[] }>();
  for (const row of rows) {
    const start = Math.floor(row.t / bucketMs) * bucketMs;
    const key = `${row.event}\u0000${start}`;
    const bucket = buckets.get(key);
    if (bucket) bucket.rows.push(row);
    else buckets.set(key, { start, rows: [row] });
  }
  return [...buckets.values()].map((bucket) => combineRows(bucket.rows, bucket.start, bucketMs));
}
