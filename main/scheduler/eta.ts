/**
 * Gradio's ETA formula for one concurrency group (see docs/engine.md). With A(f) the mean run
 * time of f (null if unknown) and L the group limit:
 *   T_free = 0 if not saturated, else max(0, min over running (start + A) - now), null if any A unknown
 *   rank_eta[r] = A(f_r) + W_r + T_free, W_0 = 0, W_{r+1} = W_r + A(f_r) / L (W stays 0 when L is null)
 * Any unknown term makes that and every later estimate null.
 */

export interface EtaRunning {
  readonly startedAt: number;
  readonly meanMs: number | null;
}

export interface EtaInput {
  readonly now: number;
  readonly limit: number | null;
  readonly running: readonly EtaRunning[];
  /** Mean run time of each waiting job's function, in FIFO order. */
  readonly waitingMeans: readonly (number | null)[];
  /**
   * For batched events: how many waiting jobs share one run (maxBatchSize), per waiting job;
   * absent or 1 means unbatched. Consecutive jobs with a size > 1 are counted as filling batches,
   * so only every size-th job adds a run to the wait of those behind it.
   */
  readonly batchSizes?: readonly number[];
}

export function timeUntilFree(input: EtaInput): number | null {
  const { limit, running, now } = input;
  if (limit === null || running.length < limit) return 0;
  let soonest = Number.POSITIVE_INFINITY;
  for (const job of running) {
    if (job.meanMs === null) return null;
    soonest = Math.min(soonest, job.startedAt + job.meanMs);
  }
  return Math.max(0, soonest - now);
}

/** One estimate in ms per waiting job, in FIFO order. */
export function rankEtas(input: EtaInput): (number | null)[] {
  const walk = new EtaWalk(timeUntilFree(input), input.limit);
  return input.waitingMeans.map((mean, r) => walk.next(mean, input.batchSizes?.[r] ?? 1));
}

/**
 * The same formula one waiting job at a time, in FIFO order, for a walk of the line that builds no
 * arrays (Scheduler's estimations, per join): `next` gives the estimate of the next job, from its
 * mean run time and its batch size. `free` is `timeUntilFree` of the group.
 */
export class EtaWalk {
  private wait: number | null = 0;
  private inBatch = 0;

  constructor(
    private readonly free: number | null,
    private readonly limit: number | null,
  ) {}

  next(mean: number | null, size = 1): number | null {
    const { wait, free } = this;
    const eta = mean === null || wait === null || free === null ? null : mean + wait + free;
    this.inBatch = size > 1 ? this.inBatch + 1 : 0;
    // A batch adds one run to the wait of those behind it once it is full (unbatched: every job).
    const closesRun = size <= 1 || this.inBatch >= size;
    if (closesRun) this.inBatch = 0;
    if (wait !== null && closesRun) this.wait = mean === null ? null : this.limit === null ? 0 : wait + mean / this.limit;
    return eta;
  }
}
