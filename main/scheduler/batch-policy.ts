/**
 * When to start a batch and how big to make it. The scheduler asks `plan` whenever the head of a
 * group is a batchable job with fewer than `maxSize` compatible jobs waiting, and tells `record`
 * how long each batch took.
 *
 * - `none` (Gradio's rule): take whatever is waiting, never wait.
 * - `static`: wait up to `windowMs` after the oldest job arrived for the batch to fill.
 * - `adaptive`: see AdaptiveBatchPolicy.
 */

export interface BatchState {
  /** Compatible jobs waiting now (≥ 1). */
  readonly waiting: number;
  readonly maxSize: number;
  /** How long the oldest of them has waited, ms. */
  readonly oldestWaitMs: number;
  /** The scheduler's clock now (same clock as `arrived`). */
  readonly nowMs: number;
}

/** Take this many now, or ask again in `waitMs` (or sooner, when a job arrives). */
export type BatchPlan = { readonly take: number } | { readonly waitMs: number };

export interface BatchPolicy {
  plan(state: BatchState): BatchPlan;
  record(size: number, durationMs: number): void;
  /** Called on every arrival of a batchable job (for arrival-rate estimates). */
  arrived(now: number): void;
}

export const noWaitPolicy = (): BatchPolicy => ({
  plan: (state) => ({ take: Math.min(state.waiting, state.maxSize) }),
  record: () => undefined,
  arrived: () => undefined,
});

export function staticWindowPolicy(windowMs: number): BatchPolicy {
  return {
    plan: (state) =>
      state.waiting >= state.maxSize || state.oldestWaitMs >= windowMs
        ? { take: Math.min(state.waiting, state.maxSize) }
        : { waitMs: windowMs - state.oldestWaitMs },
    record: () => undefined,
    arrived: () => undefined,
  };
}
