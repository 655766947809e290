import type { LogLevel, ProgressUpdate } from '../runtimes/runtime.js';
import type { EventData } from './event-data.js';
import type { App } from '../../preload/shared/project/normalize.js';
import type { LoadedProject } from '../project/load.js';
import type { TypedEvents } from '../common/typed-events.js';
import type { KeyMetrics } from '../scheduler/metrics.js';
import type { SchedulerEvents } from '../scheduler/scheduler-events.js';

/**
 * The contract between the engine (functions + scheduler + runtimes) and everything that calls it
 * (the HTTP server, the CLI, tests). Values crossing it are plain JSON-like values; files travel
 * as `FileValue` (see values.ts) and the Gradio module converts them to and from FileData.
 */

/** Where a waiting job stands in its concurrency group (Gradio's `estimation`). */
export interface QueuePosition {
  /** 0-based rank among the group's waiting jobs. */
  readonly rank: number;
  /** Waiting jobs in the group. */
  readonly queueSize: number;
  /** Estimated ms until this job completes, or null before the function has ever run. */
  readonly etaMs: number | null;
}

export interface RunCallbacks {
  /** Sent on admission and whenever the job's group moves. */
  readonly onQueue?: (position: QueuePosition) => void;
  /** The job left the queue and started running; `etaMs` is the function's mean run time or null. */
  readonly onStart?: (info: { readonly etaMs: number | null }) => void;
  readonly onProgress?: (update: ProgressUpdate) => void;
  readonly onLog?: (message: string, level: LogLevel) => void;
  /** Intermediate output values (one per event output) from streaming functions. */
  readonly onPartial?: (outputs: unknown[]) => void;
}

export interface RunRequest extends RunCallbacks {
  /** Gradio fn_index (= App.events index). */
  readonly eventIndex: number;
  /** One value per event input, in order, already converted to plain values / FileValue. */
  readonly inputs: readonly unknown[];
  readonly signal: AbortSignal;
  /** The caller's session (Gradio session_hash): the unit of fairness between callers. */
  readonly sessionId?: string;
  /** `high` for the app's own window (served before API callers and share-link visitors). */
  readonly priority?: 'high' | 'normal';
  /** What the trigger selected (a `select` event); JS functions get it as `ctx.event`. */
  readonly eventData?: EventData;
  /**
   * A folder of this run's own, for output files: JS functions get it as `ctx.outputDir` (the
   * HTTP server serves files written there and removes the folder when the job is over).
   * Without it, `ctx.outputDir` is the system temp folder, whose files the server never serves.
   */
  readonly outputDir?: string;
}

/** A job admitted to the queue. */
export interface RunHandle {
  readonly id: string;
  /** One value per event output; rejects with AppError (CANCELLED when the signal aborts). */
  readonly result: Promise<unknown[]>;
}

export interface EngineQueueStatus {
  /** Jobs waiting across all groups. */
  readonly queued: number;
  /** Runs in progress across all groups (a batch counts once). */
  readonly running: number;
}

/**
 * "Before you submit" (Engine.estimate; GET /api/estimate). Every range is null until the event
 * completed a warm run (one that did not wait for a worker to start or a model to load).
 */
export interface Estimate extends QueuePosition {
  /** False when every slot of the event's group is busy: even rank 0 waits for a run to end. */
  readonly slotFree: boolean;
  /** A run now would first load a model (none of its model's replicas is loaded). */
  readonly coldStart: boolean;
  /** Where `etaMs` is likely to fall: scaled by the event's run-time range, so wide when data is thin. */
  readonly etaRangeMs: { readonly lowMs: number; readonly highMs: number } | null;
  /** The event's expected run time and its range (RunStats.range) over `samples` runs. */
  readonly runMs: { readonly meanMs: number; readonly lowMs: number; readonly highMs: number; readonly samples: number } | null;
}

export interface Engine {
  readonly loaded: LoadedProject;
  readonly app: App;
  /**
   * Admits an event's job to the scheduler. Throws synchronously (AppError) when it cannot be
   * admitted: QUEUE_FULL (queue.maxSize reached), NOT_FOUND (no such event), INVALID_INPUT
   * (wrong number of inputs).
   */
  submit(request: RunRequest): RunHandle;
  /** `submit(request).result`, with admission errors as a rejected promise. */
  run(request: RunRequest): Promise<unknown[]>;
  /** Mean run time in ms of an event's function over successful runs, or null if it never ran. */
  meanRunMs(eventIndex: number): number | null;
  queueStatus(): EngineQueueStatus;
  /**
   * What a job of this event from `caller` would get if submitted now (position after priority and
   * fairness, queue size, ETA). Without a caller: a normal-priority session with nothing waiting.
   */
  estimate(eventIndex: number, caller?: Pick<RunRequest, 'sessionId' | 'priority'>): Estimate;
  /** Counters and latency percentiles per event api name. */
  metrics(): Readonly<Record<string, KeyMetrics>>;
  /** The scheduler's job events (queued, started, finished). */
  readonly jobEvents: Pick<TypedEvents<SchedulerEvents>, 'on'>;
  dispose(): Promise<void>;
}
