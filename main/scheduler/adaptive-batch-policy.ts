import type { BatchPlan, BatchPolicy, BatchState } from './batch-policy.js';
import { LatencyModel } from './latency-model.js';

/**
 * Adaptive batching: no knobs beyond a latency target.
 *
 * 1. Let a burst land. After an arrival the decision waits one event-loop turn (`waitMs: 0`, which
 *    the scheduler runs with setImmediate, not a 1 ms timer), so callers that resubmit together
 *    (a finished batch's callers, a client firing several requests) form one batch, not 1 + rest.
 * 2. Target size b*: the largest b ≤ maxSize whose predicted batch time t(b) leaves room for the
 *    wait within `targetMs` (a per-request p95 goal, default 500 ms). With t(b) = fixed + perItem·b,
 *    throughput b / t(b) grows with b, so the largest size that meets the target is the best one.
 * 3. Wait for more only when it pays. Arrivals are grouped into bursts (arrivals less than
 *    `BURST_MS` apart); the policy keeps a decaying mean of the gap between bursts and of their
 *    size. While fewer than b* wait, it holds the batch only if the next burst is due within the
 *    budget: the batch's fixed cost (idling longer than that costs more than running one extra
 *    batch would), `maxWindowMs`, and the latency target minus t(b*), all counted from when the
 *    oldest job arrived. Closed-loop callers (everyone waits for their answer before sending
 *    again) never make it wait: nobody arrives until the batch is run. At low load nothing waits.
 * 4. Before any measurement it behaves like Gradio (take what is waiting), which is also how it
 *    learns t(b) for several sizes under load.
 */

export interface AdaptiveOptions {
  readonly targetMs?: number;
  readonly maxWindowMs?: number;
  readonly now?: () => number;
}

/** Arrivals closer together than this belong to one burst. */
export const BURST_MS = 0.5;
/** A fixed cost below this still justifies a wait this long (timers are not finer than 1 ms). */
const MIN_BUDGET_MS = 1;
const DECAY = 0.2;

const ewma = (mean: number | null, sample: number): number => (mean === null ? sample : mean + DECAY * (sample - mean));

export class AdaptiveBatchPolicy implements BatchPolicy {
  readonly latency = new LatencyModel();
  private readonly targetMs: number;
  private readonly maxWindowMs: number;
  /** Decaying mean time between the starts of consecutive bursts, ms. */
  private gapMs: number | null = null;
  /** Decaying mean number of arrivals per burst. */
  private burstSize: number | null = null;
  private burstStart: number | null = null;
  private burstCount = 0;
  private lastArrival: number | null = null;
  /** An arrival came since the last plan: let the rest of its burst land first. */
  private fresh = false;

  constructor(options: AdaptiveOptions = {}) {
    this.targetMs = options.targetMs ?? 500;
    this.maxWindowMs = options.maxWindowMs ?? 50;
  }

  arrived(now: number): void {
    this.fresh = true;
    if (this.lastArrival !== null && now - this.lastArrival <= BURST_MS) {
      this.burstCount++;
      this.lastArrival = now;
      return;
    }
    if (this.burstStart !== null) {
      this.gapMs = ewma(this.gapMs, now - this.burstStart);
      this.burstSize = ewma(this.burstSize, this.burstCount);
    }
    this.burstStart = now;
    this.burstCount = 1;
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
    if (this.fresh) {
      this.fresh = false;
      if (state.waiting < state.maxSize) return { waitMs: 0 };
    }
    if (this.latency.observations === 0) return takeNow;
    const target = this.targetSize(state.maxSize, state.oldestWaitMs);
    if (state.waiting >= target) return { take: target };
    if (this.gapMs === null || this.burstSize === null || this.burstStart === null) return takeNow;
    const fixed = this.latency.fit()?.fixed ?? 0;
    const predicted = this.latency.predict(target) ?? 0;
    const budget = Math.min(this.maxWindowMs, this.targetMs - predicted, Math.max(fixed, MIN_BUDGET_MS)) - state.oldestWaitMs;
    const nextBurstIn = this.burstStart + this.gapMs - state.nowMs;
    // Overdue by a whole gap: the stream has paused; nothing is coming soon.
    if (budget <= 0 || nextBurstIn > budget || nextBurstIn < -this.gapMs) return takeNow;
    const burstsNeeded = Math.ceil((target - state.waiting) / Math.max(1, this.burstSize));
    const fillIn = Math.max(0, nextBurstIn) + (burstsNeeded - 1) * this.gapMs;
    // Arrivals re-plan at once; the timer only bounds the wait when they do not come.
    return { waitMs: Math.max(MIN_BUDGET_MS, Math.min(budget, fillIn)) };
  }
}
