/**
 * One point of metrics history (GET /api/metrics/history, main/server/metrics/; the dashboard reads it): what one event did over one interval (a 5-second sample, or a
 * minute or an hour once rolled up), plus what the process looked like then. Counts add up across
 * rows; gauges (queue depth, memory) are means over the samples a row stands for; percentiles of
 * a rolled-up row are approximations of the samples' (see `combineRows`). Times are ms, memory
 * bytes; null means "not known" (no job finished, no GPU probe answered).
 */
export interface MetricsPoint {
  /** The event's api name. */
  readonly event: string;
  /** Start of the interval (ms since the epoch). */
  readonly t: number;
  /** The interval's length in ms (5,000 for a default sample, 60,000 a minute, 3,600,000 an hour). */
  readonly intervalMs: number;
  /** Samples this row stands for (1 for a raw sample). */
  readonly samples: number;
  readonly completed: number;
  readonly failed: number;
  readonly cancelled: number;
  /** Queue wait + run time of the jobs completed in the interval. */
  readonly latencyP50: number | null;
  readonly latencyP95: number | null;
  readonly latencyP99: number | null;
  /** Jobs waiting at the sample (mean over samples), and the most seen waiting at once. */
  readonly queued: number;
  readonly queuedMax: number;
  readonly running: number;
  /** Queue wait of the jobs that started in the interval. */
  readonly waitP50: number | null;
  readonly waitP95: number | null;
  /** Runs (batches) started in the interval, and the jobs they carried. */
  readonly batches: number;
  readonly batchJobs: number;
  readonly batchMax: number;
  readonly rssBytes: number | null;
  readonly heapBytes: number | null;
  /** Resident memory of the server's child processes (the model workers). */
  readonly workersRssBytes: number | null;
  readonly gpuMemoryUsedBytes: number | null;
  readonly gpuMemoryTotalBytes: number | null;
  /** 0..1. */
  readonly gpuUtilization: number | null;
}

/** `GET /api/metrics/history`. */
export interface MetricsHistoryAnswer {
  /** project.json's real path. */
  readonly project: string;
  /** The sampler's interval in ms (raw rows are this far apart). */
  readonly sampleMs: number;
  /** The server's clock when it answered (ms since the epoch). */
  readonly now: number;
  readonly resolution: 'raw' | 'minute' | 'hour';
  /** The bucket length rows were merged into (0 for raw rows). */
  readonly bucketMs: number;
  /** Api names of the events that have rows in the range. */
  readonly events: readonly string[];
  readonly rows: readonly MetricsPoint[];
}
