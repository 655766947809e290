import type { RunRecord } from './history-types.js';
import type { RunFileRef } from './run-rows.js';

/** What the writer thread needs to open its own connection (workerData). */
export interface WriteThreadConfig {
  /** The database file; already created and migrated by the opening thread. */
  readonly file: string;
  readonly busyTimeoutMs: number;
  /** Retry delay after the database was busy past its busy_timeout. */
  readonly retryMs: number;
}

/** One run as posted: the record as is (structured clone), its JSON and search text are built over there. */
export interface PostedRun {
  readonly run: RunRecord;
  readonly files: readonly RunFileRef[];
}

/** To the writer thread: a batch of runs (one message per batch window), committed on arrival. */
export type ToWriteThread =
  | { readonly type: 'runs'; readonly runs: readonly PostedRun[] }
  | { readonly type: 'flush'; readonly id: number }
  | { readonly type: 'close' };

/** From the writer thread: commits (for the queue bound), flush answers, and log lines for the main logger. */
export type FromWriteThread =
  | { readonly type: 'committed'; readonly count: number }
  | { readonly type: 'flushed'; readonly id: number; readonly error: string | null }
  | { readonly type: 'log'; readonly level: 'warn' | 'error'; readonly message: string; readonly fields: Record<string, unknown> }
  | { readonly type: 'closed' };
