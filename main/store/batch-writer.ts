import type Database from 'better-sqlite3';
import type { Logger } from '../common/logger.js';
import { BatchQueue } from './batch-queue.js';
import { DropCounter } from './drop-counter.js';
import type { RunRecord } from './history-types.js';
import { prepareInsertRun, type InsertRun, type RunFileRef } from './run-rows.js';
import type { WriteThread } from './write-thread.js';

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
  /**
   * Where runs are written (`recordRun`): the store's writer thread (open-store.ts). Without one,
   * or once it failed, runs are queued here like any other write.
   */
  readonly thread?: WriteThread;
}

/**
 * Writes off the request's hot path. Runs (`recordRun`, one per finished job) go to the writer
 * thread, which builds their rows and commits them on its own connection: the serving thread only
 * posts them. Other writes (metrics samples every few seconds) are closures over this connection:
 * `enqueue` only queues, and a short timer later runs every
 * queued write in ONE IMMEDIATE transaction (one fsync-free WAL commit for the lot). A write that
 * throws is rolled back alone (its savepoint) and logged; the others commit. A batch the database
 * refused as busy (another process writing past busy_timeout) stays queued and is retried. A full
 * queue drops new writes and says so once per overflow, with the count, when it drains.
 */
export class BatchWriter {
  private readonly queue: BatchQueue<StoreWrite>;
  private readonly drops: DropCounter;
  private closed = false;
  private insertRun: InsertRun | null = null;

  constructor(private readonly options: BatchWriterOptions) {
    const { db, logger } = options;
    this.drops = new DropCounter(logger, options.maxQueued ?? 10_000);
    const one = db.transaction((write: StoreWrite) => write(db));
    const batch = db.transaction((writes: readonly StoreWrite[]) => {
      for (const write of writes) {
        try {
          one(write);
        } catch (error) {
          logger.error('a database write failed and was skipped', { error: String(error) });
        }
      }
    });
    this.queue = new BatchQueue<StoreWrite>({
      delayMs: options.delayMs ?? 50,
      retryMs: options.retryMs ?? 1_000,
      commit: (writes) => {
        // IMMEDIATE: take the write lock at BEGIN, so a busy database fails the batch before any write runs.
        batch.immediate(writes);
        this.drops.drained();
      },
      refused: (error, waiting) =>
        logger.warn('a database write batch was refused; it is retried', { writes: waiting, error: String(error) }),
    });
  }

  /** Writes waiting for their batch (here and on the writer thread). */
  get pending(): number {
    return this.queue.length + (this.options.thread?.pending ?? 0);
  }

  /** Starts the writer thread now (it starts at the first run otherwise): a serving process does, at open. */
  startThread(): void {
    this.options.thread?.start();
  }

  /** Queues a run (its row is built and committed on the writer thread); `files` are the content files it references. */
  recordRun(run: RunRecord, files: readonly RunFileRef[] = []): void {
    const { thread } = this.options;
    if (this.closed || !thread?.alive) {
      this.enqueue((db) => {
        this.insertRun ??= prepareInsertRun(db);
        this.insertRun(run, files);
      });
      return;
    }
    thread.post(run, files);
  }

  enqueue(write: StoreWrite): void {
    if (this.closed) {
      this.options.logger.warn('a database write came after the store closed and was dropped');
      return;
    }
    if (this.drops.admit(this.queue.length)) this.queue.add(write);
  }

  /** Commits everything queued now, here and on the writer thread. Rejects when the database refuses the batch (it stays queued). */
  async flush(): Promise<void> {
    this.queue.commitNow();
    if (this.options.thread?.alive) await this.options.thread.flush();
  }

  /** Commits what is queued, ends the writer thread, and refuses later writes. */
  async close(): Promise<void> {
    this.closed = true;
    try {
      await this.flush();
    } finally {
      this.queue.stopTimer();
      await this.options.thread?.close();
    }
  }
}
