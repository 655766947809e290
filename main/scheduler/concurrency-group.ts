/**
 * One concurrency group (Gradio's `concurrency_id`): a strict FIFO of waiting jobs and the set of
 * running ones, under one limit.
 *
 * Invariants: `running.size <= limit` whenever the limit is a number; a job is in at most one of
 * `waiting` / `running`. The limit is fixed by the first member that joins and only ever lowered
 * by later members with a smaller numeric limit (`null`, unlimited, never raises it).
 */
export class ConcurrencyGroup<J> {
  readonly waiting: J[] = [];
  readonly running = new Set<J>();

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

  /** True when the head of the queue may start now. */
  get ready(): boolean {
    return this.waiting.length > 0 && !this.saturated;
  }

  remove(job: J): boolean {
    const index = this.waiting.indexOf(job);
    if (index >= 0) {
      this.waiting.splice(index, 1);
      return true;
    }
    return this.running.delete(job);
  }
}
