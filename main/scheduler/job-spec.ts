import type { QueuePosition } from '../engine/types.js';
import type { BatchPolicy } from './batch-policy.js';
import type { RunStats } from './run-stats.js';

/** What a caller hands the Scheduler: a job to run (alone or in a batch) and the scheduler's settings. */

/** What a run may tell the scheduler about itself while it runs. */
export interface RunContext {
  /**
   * The run had to start a worker or load a model first: its duration is no run time (a 1 ms
   * function whose first run took 2 s must not be announced as "takes 2 s"), so RunStats and the
   * batch policy leave it out.
   */
  coldStart(): void;
}

export interface BatchSpec<T> {
  /** Jobs with the same key may run together (an event). */
  readonly key: string;
  readonly maxSize: number;
  /** This job's inputs. */
  readonly input: unknown;
  /** Runs several jobs' inputs as one call; resolves to one result per input, in order. */
  readonly runBatch: (inputs: readonly unknown[], signal: AbortSignal, context: RunContext) => Promise<readonly T[]>;
}

export interface JobSpec<T> {
  readonly groupId: string;
  /** The member's concurrency limit (null = unlimited); see ConcurrencyGroup for the rule. */
  readonly limit: number | null;
  /** Run-time statistics key (the engine uses the event's api name: statistics are per event). */
  readonly statsKey: string;
  readonly signal: AbortSignal;
  /** Runs the job alone. */
  readonly run: (signal: AbortSignal, context: RunContext) => Promise<T>;
  readonly batch?: BatchSpec<T>;
  /** Fairness unit (Gradio session); jobs without one share a single FIFO. */
  readonly sessionId?: string;
  /** `high` for the app's own window: served before API callers and share-link visitors. */
  readonly priority?: 'high' | 'normal';
  readonly onQueue?: (position: QueuePosition) => void;
  readonly onStart?: (info: { readonly etaMs: number | null }) => void;
}

/** Who asks for a before-you-submit estimate: the fields of JobSpec that decide a job's place. */
export type EstimateCaller = Partial<Pick<JobSpec<unknown>, 'sessionId' | 'priority'>>;

export interface SchedulerOptions {
  /** Refuse new jobs when this many are waiting (all groups); null = unbounded. */
  readonly maxSize: number | null;
  /** Global cap on running runs across groups (Gradio's max_threads). */
  readonly maxRunning?: number;
  readonly now?: () => number;
  readonly stats?: RunStats;
  /** The batch policy of each batch key (default: adaptive). */
  readonly batchPolicy?: (key: string) => BatchPolicy;
  /**
   * Asked before a group's next run starts, in addition to the group's limit (for example: does
   * it fit in free GPU memory?). Only asked while the group has runs in flight, so a group with
   * nothing running always starts one run (nothing waits forever); a refused head keeps its place.
   * When its answer may have changed, the admission's owner calls `Scheduler.wake()`.
   */
  readonly admission?: Admission;
  /**
   * Estimations: a group that moved is announced on the next event-loop turn; after a broadcast to
   * N waiting jobs the next waits N × this (default 0.05 ms: 10,000 waiting jobs hear every 0.5 s).
   */
  readonly announcePerJobMs?: number;
}

/** See SchedulerOptions.admission. `runningInGroup` is always >= 1. */
export type Admission = (groupId: string, statsKey: string, runningInGroup: number) => boolean;
