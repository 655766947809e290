import type { EventTuneReport } from '../../preload/shared/tune/tune-report.js';

/** A small, valid tune report of one event: two trials, the second chosen (concurrency 2, batch 4). */
export function aReport(apiName: string, throughput = 10): EventTuneReport {
  const trial = {
    config: { concurrency: 2, batch: 4, replicas: 1 },
    throughput,
    p50Ms: 80,
    p95Ms: 120,
    p99Ms: 150,
    completed: 40,
    failed: 0,
    peakWorkerBytes: 50 * 2 ** 20,
    peakGpuBytes: null,
  };
  return {
    apiName,
    latencyTargetMs: 1_000,
    memoryBudgetBytes: 2 ** 30,
    trials: [{ ...trial, config: { concurrency: 1, batch: 1, replicas: 1 }, throughput: throughput / 4 }, trial],
    stops: [{ direction: 'concurrency', reason: 'throughput', at: { concurrency: 4, batch: 4, replicas: 1 }, detail: 'no gain' }],
    chosen: 1,
    kneeReason: 'the fewest requests in flight within 3% of the best',
    recommendation: { concurrencyLimit: 2, batch: true, maxBatchSize: 4, replicas: {}, maxSize: null },
    capacity: { requestsPerMinute: throughput * 60, p95Ms: 120, burst: 100, burstWaitMs: 10_000, statement: `/${apiName} serves ~600` },
  };
}
