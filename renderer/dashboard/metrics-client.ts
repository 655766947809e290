/** The dashboard's view of GET /api/metrics/history (main/server/metrics/routes-metrics.ts). */

export interface MetricsRow {
  readonly event: string;
  readonly t: number;
  readonly intervalMs: number;
  readonly samples: number;
  readonly completed: number;
  readonly failed: number;
  readonly cancelled: number;
  readonly latencyP50: number | null;
  readonly latencyP95: number | null;
  readonly latencyP99: number | null;
  readonly queued: number;
  readonly queuedMax: number;
  readonly running: number;
  readonly waitP50: number | null;
  readonly waitP95: number | null;
  readonly batches: number;
  readonly batchJobs: number;
  readonly batchMax: number;
  readonly rssBytes: number | null;
  readonly heapBytes: number | null;
  readonly workersRssBytes: number | null;
  readonly gpuMemoryUsedBytes: number | null;
  readonly gpuMemoryTotalBytes: number | null;
  readonly gpuUtilization: number | null;
}

export interface HistoryAnswer {
  readonly project: string;
  readonly sampleMs: number;
  readonly now: number;
  readonly resolution: 'raw' | 'minute' | 'hour';
  readonly bucketMs: number;
  readonly events: readonly string[];
  readonly rows: readonly MetricsRow[];
}

export class MetricsRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function fetchHistory(params: Record<string, string | number>, signal?: AbortSignal): Promise<HistoryAnswer> {
  const query = new URLSearchParams(Object.entries(params).map(([key, value]): [string, string] => [key, String(value)]));
  const response = await fetch(`./api/metrics/history?${query.toString()}`, { signal, credentials: 'same-origin' });
  if (!response.ok) {
    const detail = ((await response.json().catch(() => ({}))) as { detail?: unknown }).detail;
    throw new MetricsRequestError(
      response.status,
      typeof detail === 'string' ? detail : `The metrics history answered ${response.status}.`,
    );
  }
  return (await response.json()) as HistoryAnswer;
}
