import type Database from 'better-sqlite3';
import type { Logger } from '../common/logger.js';

/** One queued write: runs inside the batch's transaction (its own savepoint). */
export type StoreWrite = (db: Database.Database) => void;

export interface BatchWriterOptions {
  readonly db: Database.Database;
  readonly logger: Logger;
  /** How long a write may wait for its batch; default 50 ms. Bounds what a kill -9 can lose. */
  readonly delayMs?: number;
  /** Writes that may wait at once; one more is dropped (and logged). Default 10,000. */
  readonly maxQueued?: number;
  /** Retry delay after the database was busy past its busy_timeout; default 1 s. */
  readonly retryMs?: number;
}

/**
 * Writes off the request's hot path: `enqueue` only queues, and a short timer later runs every
 * queued write in ONE IMMEDIATE transaction (one fsync-free WAL commit for the lot). A write that
 * throws is rolled back alone (its savepoint) and logged; the others commit. A batch the database
 * refused as busy (another process writing past busy_timeout) stays queued and is retried. A full
 * queue drops new writes and says so once per overflow, with the count, when it drains.
 */
export class BatchWriter {
  private queue: StoreWrite[] = [];
  private timer: NodeJS.Timeout | null = null;
  private dropped = 0;
  private closed = false;
  private readonly delayMs: number;
  private readonly maxQueued: number;
  private readonly retryMs: number;
  private readonly runBatch: (writes: readonly StoreWrite[]) => void;

  constructor(private readonly options: BatchWriterOptions) {
    this.delayMs = options.delayMs ?? 50;
    this.maxQueued = options.maxQueued ?? 10_000;
    this.retryMs = options.retryMs ?? 1_000;
    const { db } = options;
    const one = db.transaction((write: StoreWrite) => write(db));
    const batch = db.transaction((writes: readonly StoreWrite[]) => {
      for (const write of writes) {
        try {
          one(write);
        } catch (error) {
          options.logger.error('a database write failed and was skipped', { error: String(error) });
        }
      }
    });
    // IMMEDIATE: take the write lock at BEGIN, so a busy database fails the batch before any write runs.
    this.runBatch = (writes) => batch.immediate(writes);
  }

  /** Writes waiting for their batch. */
  get pending(): number {
    return this.queue.length;
  }

  enqueue(write: StoreWrite): void {
    if (this.closed) {
      this.options.logger.warn('a database write came after the store closed and was dropped');
      return;
    }
    if (this.queue.length >= this.maxQueued) {
      if (this.dropped++ === 0) {
        this.options.logger.error('the database write queue is full: writes are dropped until it drains', { maxQueued: this.maxQueued });
      }
      return;
    }
    this.queue.push(write);
    this.timer ??= setTimeout(() => this.runQueued(), this.delayMs);
  }

  /** Commits everything queued now. Rejects when the database refuses the batch (it stays queued). */
  flush(): Promise<void> {
    try {
      this.commit();
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Commits what is queued and refuses later writes. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  private runQueued(): void {
    try {
      this.commit();
    } catch (error) {
      this.options.logger.warn('a database write batch was refused; it is retried', { writes: this.queue.length, error: String(error) });
      this.timer ??= setTimeout(() => this.runQueued(), this.retryMs);
    }
  }

  private commit(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.queue.length === 0) return;
    const writes = this.queue;
    this.queue = [];
    try {
      this.runBatch(writes);
    } catch (error) {
      this.queue = writes.concat(this.queue);
      throw error;
    }
    if (this.dropped > 0) {
      this.options.logger.error('the database write queue drained; writes were dropped meanwhile', { dropped: this.dropped });
      this.dropped = 0;
    }
  }
}
