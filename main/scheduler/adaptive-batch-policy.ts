import type { BatchPlan, BatchPolicy, BatchState } from './batch-policy.js';
import { LatencyModel } from './latency-model.js';

/**
 * Adaptive batching: no knobs beyond a latency target.
 *
 * 1. Target size b*: the largest b ≤ maxSize whose predicted batch time t(b) leaves room for the
 *    wait within `targetMs` (a per-request p95 goal, default 500 ms). With t(b) = fixed + perItem·b,
 *    throughput b / t(b) grows with b, so the largest size that meets the target is the best one.
 * 2. Window: if fewer than b* are waiting, wait for more only while (a) arrivals are expected soon
 *    enough (the measured arrival rate brings the missing jobs within the window), (b) the oldest
 *    job's wait plus t(b*) stays within the target, and (c) never longer than `maxWindowMs`.
 *    Otherwise run what is waiting now: at low load this adds no latency at all.
 * 3. Before any measurement it behaves like Gradio (take what is waiting), which is also how it
 *    learns t(b) for several sizes under load.
 */

export interface AdaptiveOptions {
  readonly targetMs?: number;
  readonly maxWindowMs?: number;
  readonly now?: () => number;
}

export class AdaptiveBatchPolicy implements BatchPolicy {
  readonly latency = new LatencyModel();
  private readonly targetMs: number;
  private readonly maxWindowMs: number;
  /** Decaying mean gap between arrivals, ms. */
  private gapMs: number | null = null;
  private lastArrival: number | null = null;

  constructor(options: AdaptiveOptions = {}) {
    this.targetMs = options.targetMs ?? 500;
    this.maxWindowMs = options.maxWindowMs ?? 50;
  }

  arrived(now: number): void {
    if (this.lastArrival !== null) {
      const gap = now - this.lastArrival;
      this.gapMs = this.gapMs === null ? gap : this.gapMs + 0.2 * (gap - this.gapMs);
    }
    this.lastArrival = now;
  }

  record(size: number, durationMs: number): void {
    this.latency.record(size, durationMs);
  }

  targetSize(maxSize: number, oldestWaitMs = 0): number {
    let best = 1;
    for (let b = 1; b <= maxSize; b++) {
      const t = this.latency.predict(b);
      if (t === null) return maxSize;
      if (oldestWaitMs + t <= this.targetMs) best = b;
    }
    return best;
  }

  plan(state: BatchState): BatchPlan {
    const takeNow = { take: Math.min(state.waiting, state.maxSize) };
    if (this.latency.observations === 0) return takeNow;
    // A burst (callers resubmitting together) makes the mean gap ~0; once it is over, nobody else is
    // coming soon, so waiting would only add latency.
    if (this.lastArrival !== null && this.gapMs !== null && state.nowMs - this.lastArrival > Math.max(1, 3 * this.gapMs)) {
      return takeNow;
    }
    const target = this.targetSize(state.maxSize, state.oldestWaitMs);
    if (state.waiting >= target) return { take: target };
    const missing = target - state.waiting;
    const expectedMs = this.gapMs === null ? Number.POSITIVE_INFINITY : missing * this.gapMs;
    const predicted = this.latency.predict(target) ?? 0;
    // Total wait the oldest job may spend for the batch to fill, and what is left of it.
    const budget = Math.min(this.maxWindowMs, this.targetMs - predicted);
    const remaining = budget - state.oldestWaitMs;
    if (remaining <= 0 || expectedMs > remaining) return takeNow;
    // Arrivals re-plan at once; the timer only bounds the wait when they do not come.
    return { waitMs: Math.min(remaining, Math.max(5, expectedMs)) };
  }
}
