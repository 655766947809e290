import type { Disposable } from '../common/disposable.js';
import type { TypedEvents } from '../common/typed-events.js';
import { percentile } from './run-stats.js';
import type { SchedulerEvents } from './scheduler-events.js';

/**
 * Per-key counters and distributions (per event: the engine's keys are api names), fed by the
 * scheduler's event stream: how many jobs are queued/running/completed/failed/cancelled,
 * end-to-end latency and queue wait percentiles over a window of recent jobs, and how big batches
 * were.
 */

const WINDOW = 1_000;

export interface Percentiles {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

/** Every observation since start (not only the window): a Prometheus summary's `_count` and `_sum`. */
export interface Totals {
  readonly count: number;
  readonly sumMs: number;
}

export interface KeyMetrics {
  readonly queued: number;
  readonly running: number;
  readonly completed: number;
  readonly failed: number;
  readonly cancelled: number;
  /** Queue wait + run time of completed jobs, ms. */
  readonly latencyMs: Percentiles | null;
  readonly waitMs: Percentiles | null;
  readonly latencyTotals: Totals;
  readonly waitTotals: Totals;
  /** Batch size → how many runs had it. */
  readonly batchSizes: Readonly<Record<number, number>>;
}

interface Counters {
  queued: number;
  running: number;
  completed: number;
  failed: number;
  cancelled: number;
  latency: number[];
  wait: number[];
  latencyTotals: { count: number; sumMs: number };
  waitTotals: { count: number; sumMs: number };
  batchSizes: Map<number, number>;
}

function push(window: number[], totals: { count: number; sumMs: number }, value: number): void {
  window.push(value);
  if (window.length > WINDOW) window.shift();
  totals.count++;
  totals.sumMs += value;
}

function percentiles(values: readonly number[]): Percentiles | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), p99: percentile(sorted, 0.99) };
}

export class SchedulerMetrics implements Disposable {
  private readonly keys = new Map<string, Counters>();
  private readonly subscriptions: Disposable[];

  constructor(events: TypedEvents<SchedulerEvents>) {
    this.subscriptions = [
      events.on('queued', ({ key }) => {
        this.counters(key).queued++;
      }),
      events.on('started', ({ key, jobIds }) => {
        const counters = this.counters(key);
        counters.queued -= jobIds.length;
        counters.running += jobIds.length;
        counters.batchSizes.set(jobIds.length, (counters.batchSizes.get(jobIds.length) ?? 0) + 1);
      }),
      events.on('finished', (event) => this.finished(event)),
    ];
  }

  snapshot(): Record<string, KeyMetrics> {
    return Object.fromEntries(
      [...this.keys].map(([key, c]) => [
        key,
        {
          queued: c.queued,
          running: c.running,
          completed: c.completed,
          failed: c.failed,
          cancelled: c.cancelled,
          latencyMs: percentiles(c.latency),
          waitMs: percentiles(c.wait),
          latencyTotals: { ...c.latencyTotals },
          waitTotals: { ...c.waitTotals },
          batchSizes: Object.fromEntries(c.batchSizes),
        },
      ]),
    );
  }

  dispose(): void {
    for (const subscription of this.subscriptions) void subscription.dispose();
  }

  private finished(event: SchedulerEvents['finished']): void {
    const counters = this.counters(event.key);
    if (event.runMs === null) counters.queued--;
    else counters.running--;
    counters[event.outcome]++;
    if (event.waitMs !== null) push(counters.wait, counters.waitTotals, event.waitMs);
    if (event.outcome === 'completed' && event.waitMs !== null && event.runMs !== null) {
      push(counters.latency, counters.latencyTotals, event.waitMs + event.runMs);
    }
  }

  private counters(key: string): Counters {
    let counters = this.keys.get(key);
    if (!counters) {
      counters = {
        queued: 0,
        running: 0,
        completed: 0,
        failed: 0,
        cancelled: 0,
        latency: [],
        wait: [],
        latencyTotals: { count: 0, sumMs: 0 },
        waitTotals: { count: 0, sumMs: 0 },
        batchSizes: new Map(),
      };
      this.keys.set(key, counters);
    }
    return counters;
  }
}
