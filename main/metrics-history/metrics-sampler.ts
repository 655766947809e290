import type { Disposable } from '../common/disposable.js';
import type { Engine } from '../engine/types.js';
import { percentile } from '../scheduler/run-stats.js';
import type { MetricsRow } from './metrics-row.js';
import type { ProcessFigures } from './process-figures.js';

/** What happened to one event since the last sample, fed by the scheduler's job events. */
interface Interval {
  completed: number;
  failed: number;
  cancelled: number;
  latency: number[];
  wait: number[];
  batches: number;
  batchJobs: number;
  batchMax: number;
  /** Jobs waiting now and the most since the last sample; jobs running now. */
  queued: number;
  queuedMax: number;
  running: number;
}

function emptyInterval(queued: number, running: number): Interval {
  return {
    completed: 0,
    failed: 0,
    cancelled: 0,
    latency: [],
    wait: [],
    batches: 0,
    batchJobs: 0,
    batchMax: 0,
    queued,
    queuedMax: queued,
    running,
  };
}

function percentileOrNull(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  return percentile(
    [...values].sort((a, b) => a - b),
    p,
  );
}

type EngineView = Pick<Engine, 'jobEvents' | 'metrics' | 'app'>;

/**
 * Turns the engine's job events into one MetricsRow per event per interval: counts of outcomes,
 * latency percentiles of the jobs that completed in it, queue wait of the jobs that started in
 * it, batch sizes, queue depth (now, and the most seen since the last sample). `take` closes the
 * interval; the caller adds the process figures and writes the rows. Events are the app's api
 * names, so an idle event still gets its row of zeros (the chart shows "nothing happened").
 */
export class MetricsSampler implements Disposable {
  private readonly intervals = new Map<string, Interval>();
  private readonly subscriptions: Disposable[];
  private last: number;

  constructor(
    private readonly engine: EngineView,
    private readonly project: string,
    start: number,
  ) {
    this.last = start;
    // Every event starts from the engine's counts now, then follows the same events SchedulerMetrics
    // counts (not its snapshot per sample: that sorts each event's latency window).
    const snapshot = engine.metrics();
    for (const event of engine.app.events) {
      const known = snapshot[event.apiName];
      this.intervals.set(event.apiName, emptyInterval(known?.queued ?? 0, known?.running ?? 0));
    }
    const { jobEvents } = engine;
    this.subscriptions = [
      jobEvents.on('queued', ({ key }) => {
        const interval = this.interval(key);
        interval.queued++;
        interval.queuedMax = Math.max(interval.queuedMax, interval.queued);
      }),
      jobEvents.on('started', ({ key, jobIds, waitMs }) => {
        const interval = this.interval(key);
        interval.queued = Math.max(0, interval.queued - jobIds.length);
        interval.running += jobIds.length;
        interval.batches++;
        interval.batchJobs += jobIds.length;
        interval.batchMax = Math.max(interval.batchMax, jobIds.length);
        interval.wait.push(...waitMs);
      }),
      jobEvents.on('finished', ({ key, outcome, waitMs, runMs }) => {
        const interval = this.interval(key);
        if (runMs === null) interval.queued = Math.max(0, interval.queued - 1);
        else interval.running = Math.max(0, interval.running - 1);
        interval[outcome]++;
        if (outcome === 'completed' && waitMs !== null && runMs !== null) interval.latency.push(waitMs + runMs);
      }),
    ];
  }

  /** Closes the interval that ends at `now`: one row per event, stamped with the interval's start. */
  take(now: number, figures: ProcessFigures): MetricsRow[] {
    const keys = new Set([...this.engine.app.events.map((event) => event.apiName), ...this.intervals.keys()]);
    const t = this.last;
    const intervalMs = Math.max(1, now - this.last);
    this.last = now;
    return [...keys].sort().map((key) => {
      const interval = this.intervals.get(key) ?? emptyInterval(0, 0);
      const { queued, running } = interval;
      this.intervals.set(key, emptyInterval(queued, running));
      return {
        project: this.project,
        event: key,
        t,
        intervalMs,
        samples: 1,
        completed: interval.completed,
        failed: interval.failed,
        cancelled: interval.cancelled,
        latencyP50: percentileOrNull(interval.latency, 0.5),
        latencyP95: percentileOrNull(interval.latency, 0.95),
        latencyP99: percentileOrNull(interval.latency, 0.99),
        queued,
        queuedMax: Math.max(interval.queuedMax, queued),
        running,
        waitP50: percentileOrNull(interval.wait, 0.5),
        waitP95: percentileOrNull(interval.wait, 0.95),
        batches: interval.batches,
        batchJobs: interval.batchJobs,
        batchMax: interval.batchMax,
        ...figures,
      };
    });
  }

  dispose(): void {
    for (const subscription of this.subscriptions) void subscription.dispose();
  }

  private interval(key: string): Interval {
    let interval = this.intervals.get(key);
    if (!interval) {
      interval = emptyInterval(0, 0);
      this.intervals.set(key, interval);
    }
    return interval;
  }
}
