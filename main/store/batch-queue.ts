/**
 * Items committed in batches on a timer: what the store's two write queues share (the opening
 * connection's BatchWriter and the writer thread's run queue). `add` only queues; `delayMs` later
 * every queued item is committed in one call. A batch the database refused (busy past its
 * busy_timeout) goes back to the head of the queue, in order, and is retried every `retryMs`; items
 * added meanwhile wait for that retry rather than jumping it.
 */
export interface BatchQueueOptions<T> {
  readonly delayMs: number;
  readonly retryMs: number;
  /** Commits a batch, all or nothing; throws when the database refused it. */
  readonly commit: (items: readonly T[]) => void;
  /** A timed batch was refused (it is kept and retried): for the log. */
  readonly refused: (error: unknown, waiting: number) => void;
}

export class BatchQueue<T> {
  private items: T[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: BatchQueueOptions<T>) {}

  get length(): number {
    return this.items.length;
  }

  add(...items: readonly T[]): void {
    this.items.push(...items);
    this.timer ??= setTimeout(() => this.commitOrRetry(), this.options.delayMs);
  }

  /** Commits what is queued now. Throws when refused; the batch is then kept and retried on the timer. */
  commitNow(): void {
    this.stopTimer();
    if (this.items.length === 0) return;
    const batch = this.items;
    this.items = [];
    try {
      this.options.commit(batch);
    } catch (error) {
      this.items = batch.concat(this.items);
      this.timer = setTimeout(() => this.commitOrRetry(), this.options.retryMs);
      throw error;
    }
  }

  /** Drops everything queued (the writer behind it is gone) and stops the timer. */
  clear(): void {
    this.stopTimer();
    this.items = [];
  }

  /** Stops the timer (the queue's owner is closing); queued items stay where they are. */
  stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private commitOrRetry(): void {
    try {
      this.commitNow();
    } catch (error) {
      this.options.refused(error, this.items.length);
    }
  }
}
