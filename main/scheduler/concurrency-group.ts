import { FairQueue, type FairItem } from './fair-queue.js';

/**
 * One concurrency group (Gradio's `concurrency_id`): the waiting line (FIFO per session, sessions
 * round-robin, high priority first; see FairQueue) and the set of running runs (a run is one job,
 * or one batch of jobs, holding one slot), under one limit.
 *
 * Invariants: `running.size <= limit` whenever the limit is a number; a job is in at most one of
 * `waiting` / a running run. The limit is fixed by the first member that joins and only ever
 * lowered by later members with a smaller numeric limit (`null`, unlimited, never raises it).
 */
export class ConcurrencyGroup<J extends FairItem, R = J> {
  readonly waiting = new FairQueue<J>();
  readonly running = new Set<R>();

  constructor(
    readonly id: string,
    private currentLimit: number | null,
  ) {}

  get limit(): number | null {
    return this.currentLimit;
  }

  /** Applies Gradio's rule: a member with a lower numeric limit lowers the group's limit. */
  join(limit: number | null): void {
    if (limit === null) return;
    if (this.currentLimit === null || limit < this.currentLimit) this.currentLimit = limit;
  }

  get saturated(): boolean {
    return this.currentLimit !== null && this.running.size >= this.currentLimit;
  }

  /** True when the head of the line may start now. */
  get ready(): boolean {
    return this.waiting.length > 0 && !this.saturated;
  }
}
