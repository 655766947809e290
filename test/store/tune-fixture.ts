import type { EventTuneReport, TrialResult } from '../../preload/shared/tune/tune-report.js';

/** [concurrency, batch, share of the chosen throughput, p95 ms]: a search as `tune` runs it, rising then flat. */
const SHAPE: readonly (readonly [number, number, number, number])[] = [
  [1, 1, 0.3, 40],
  [2, 1, 0.55, 60],
  [4, 1, 0.7, 110],
  [8, 1, 0.72, 260],
  [1, 2, 0.5, 55],
  [2, 2, 0.8, 80],
  [2, 4, 1, 120],
  [4, 4, 1.01, 300],
  [1, 8, 0.9, 900],
];
/** Index in SHAPE of the chosen setting (concurrency 2, batch 4). */
const CHOSEN = 6;

/**
 * A valid tune report of one event, shaped like a real search: nine trials over concurrency and
 * batch size, the knee at concurrency 2, batch 4 with `throughput` req/s at p95 120 ms.
 */
export function aReport(apiName: string, throughput = 10): EventTuneReport {
  const trials: TrialResult[] = SHAPE.map(([concurrency, batch, share, p95Ms]) => ({
    config: { concurrency, batch, replicas: 1 },
    throughput: throughput * share,
    p50Ms: p95Ms * 0.6,
    p95Ms,
    p99Ms: p95Ms * 1.3,
    completed: 40,
    failed: 0,
    peakWorkerBytes: (50 + concurrency * batch) * 2 ** 20,
    peakGpuBytes: null,
  }));
  const perMinute = Math.round(throughput * 60);
  return {
    apiName,
    latencyTargetMs: 1_000,
    memoryBudgetBytes: 2 ** 30,
    trials,
    stops: [
      {
        direction: 'concurrency',
        reason: 'throughput',
        at: { concurrency: 8, batch: 4, replicas: 1 },
        detail: 'throughput stopped rising',
      },
      {
        direction: 'batch',
        reason: 'latency',
        at: { concurrency: 1, batch: 8, replicas: 1 },
        detail: 'p95 900 ms came near the 1000 ms target',
      },
    ],
    chosen: CHOSEN,
    kneeReason: `concurrency 2, batch 4: the fewest requests in flight within 3% of the best throughput with p95 ≤ 1 s.`,
    recommendation: { concurrencyLimit: 2, batch: true, maxBatchSize: 4, replicas: {}, maxSize: null },
    capacity: {
      requestsPerMinute: perMinute,
      p95Ms: 120,
      burst: 100,
      burstWaitMs: (100 / throughput) * 1_000,
      statement: `/${apiName} serves ~${perMinute.toLocaleString('en-US')} requests/minute at p95 ≤ 120 ms on this machine; a burst of 100 users waits up to ${Number((100 / throughput).toPrecision(2))} s.`,
    },
  };
}
