import type { Disposable } from '../common/disposable.js';
import type { ErrorPayload } from '../../preload/shared/errors.js';
import type { JsonValue, QueueJobOf, JobSubmissionOf, QueueJobState } from './job-data.js';
import type { RunEventOf, StoredJobEvent } from './job-events.js';

export type { JsonValue, BlobRef, QueueJob, QueueJobOf, JobSubmission, JobSubmissionOf, QueueJobState } from './job-data.js';
export type { JobEvent, JobEventOf, RunEvent, RunEventOf, StoredJobEvent } from './job-events.js';

/**
 * The queue the scheduler will sit behind (issue 18, item 1): the same semantics as the
 * in-process Scheduler (docs/engine.md), said as an async interface over jobs-as-data, so an
 * embedded implementation and a shared one (Redis, main/queue/redis/) are interchangeable.
 *
 * Two sides, because they run in different processes once scaled out:
 * - a FRONT (HTTP server) submits, cancels, asks positions and reads event streams; it keeps no
 *   job state, so any front can serve any session;
 * - a WORKER claims runs of groups it can serve, reports events, completes or fails them, and
 *   heart-beats while it holds them.
 *
 * Semantics kept from the Scheduler: concurrency groups with Gradio's limit rule (the first
 * member's limit, lowered by smaller ones, never raised), high priority first, round-robin across
 * lanes with FIFO inside one, a batch is one run holding one slot, `maxWaiting` bounds normal
 * jobs only, cancellation is an outcome. What changes: the group's limit holds across ALL workers
 * (a claim is atomic), and a run is leased, so a worker that dies loses it (retried once or
 * failed, a project setting).
 *
 * `V` is the type of values (inputs, partials, outputs): JSON on a wire (RedisQueue), anything in
 * the embedded queue (main/queue/embedded/), which hands values over by reference in one process.
 */

/** Where a waiting job stands (Gradio's estimation), as the Scheduler's QueuePosition. */
export interface QueuePosition {
  /** 0-based rank among the group's waiting jobs, after priority and round-robin. */
  readonly rank: number;
  readonly queueSize: number;
  /** Ms until it completes (Gradio's formula), null until every event involved has run once. */
  readonly etaMs: number | null;
}

/** A before-you-submit estimate (GET /api/estimate): the place a new job would get. */
export interface QueueEstimate extends QueuePosition {
  /** False when every slot of the group is taken, across all workers: rank 0 still waits. */
  readonly slotFree: boolean;
}

export interface SubmitOptions {
  /** Refuse normal jobs (QUEUE_FULL) when this many wait in all groups; null = unbounded. */
  readonly maxWaiting?: number | null;
}

/** What `cancel` found. A running job's cancel reaches its worker; its slot frees when the worker lets go. */
export type CancelOutcome = 'cancelled-queued' | 'cancelled-running' | 'already-finished' | 'unknown';

export interface JobStatus<V = JsonValue> {
  readonly job: QueueJobOf<V>;
  readonly state: QueueJobState;
  /** Runs started (1 after a first claim, 2 after a retry). */
  readonly attempts: number;
  /** The terminal value or error, once there is one. */
  readonly output?: V;
  readonly error?: ErrorPayload;
}

export interface ReadEventsOptions {
  /** Wait up to this long for a first new event (0 = answer at once). */
  readonly blockMs?: number;
  readonly count?: number;
}

export interface QueueFront<V = JsonValue> {
  /**
   * Accepts a job (idempotent by job id: submitting the same id again is a no-op) or refuses it
   * (QUEUE_FULL, CANCELLED while closing). The embedded queue refuses by throwing at once (the
   * engine's submit is synchronous); a remote one rejects. `await` sees both the same way.
   */
  submit(job: JobSubmissionOf<V>, options?: SubmitOptions): Promise<QueueJobOf<V>>;
  /** Cancels from any front: removed if queued; if running, its worker is told and the job ends `cancelled` at once. */
  cancel(jobId: string): Promise<CancelOutcome>;
  /** The job's live place in its group, or null when it is not waiting. */
  position(jobId: string): Promise<QueuePosition | null>;
  /**
   * Every waiting job's place in a group (the first `max`, in order), from one walk of the line: what
   * a front uses to re-announce its clients' estimations after `onMoved`, instead of a `position`
   * per job (O(line) each).
   */
  positions(groupId: string, max?: number): Promise<ReadonlyMap<string, QueuePosition>>;
  estimate(
    groupId: string,
    event: string,
    caller?: { readonly lane?: string; readonly priority?: 'high' | 'normal'; readonly batchMaxSize?: number },
  ): Promise<QueueEstimate>;
  status(jobId: string): Promise<JobStatus<V> | null>;
  /** The jobs a session submitted that are not yet delivered (what a front needs to serve /queue/data). */
  sessionJobs(session: string): Promise<string[]>;
  /**
   * Events of several jobs after the given ids ('0' = from the start), in order per job. With
   * `blockMs` it waits for the first new one: a front serves a session's stream with one read.
   */
  readEvents(after: ReadonlyMap<string, string>, options?: ReadEventsOptions): Promise<StoredJobEvent<V>[]>;
  /**
   * `listener(groupId)` hears that a group's line moved (a run started, a job left or came back):
   * the front re-reads the positions of its clients' waiting jobs in that group. A join is told
   * only to the joiner, as in Gradio.
   */
  onMoved(listener: (groupId: string) => void): Promise<Disposable>;
}

/** What a worker asks for. */
export interface ClaimRequest {
  readonly workerId: string;
  /** The groups whose events this worker can run (models it has, device), in its order of preference. */
  readonly groups: readonly string[];
  /**
   * At most this many jobs in one batch (what fits this worker's memory now); the event's maxSize
   * otherwise. A worker with room for several runs claims several times: a run is the unit.
   */
  readonly maxBatchSize?: number;
}

/** One run: a single job or a batch of jobs of one batch key, holding one slot of its group. */
export interface ClaimedRun<V = JsonValue> {
  readonly runId: string;
  readonly groupId: string;
  readonly workerId: string;
  readonly jobs: readonly QueueJobOf<V>[];
  /** The attempt number of each job (same order). */
  readonly attempts: readonly number[];
}

/** The outcome of one job of a run: its value, or an error. */
export type JobResult<V = JsonValue> = { readonly ok: true; readonly output: V } | { readonly ok: false; readonly error: ErrorPayload };

export interface CompleteOptions {
  /** The run had to start a worker or load a model first: not a run time (see RunStats). */
  readonly cold?: boolean;
}

export interface HeartbeatReply {
  /** Runs this worker no longer holds (its lease expired): stop them, their results would be dropped. */
  readonly lost: readonly string[];
  /** Jobs of held runs cancelled meanwhile (a backstop for a missed cancel message). */
  readonly cancelled: readonly { readonly runId: string; readonly jobId: string }[];
}

export interface QueueWorker<V = JsonValue> {
  /** Atomically takes the next run of the first listed group with a free slot, or null. */
  claim(request: ClaimRequest): Promise<ClaimedRun<V> | null>;
  /** Extends the leases of the runs this worker holds. */
  heartbeat(workerId: string, runIds: readonly string[]): Promise<HeartbeatReply>;
  /** Appends a progress/log/partial event; false when the run is no longer this worker's (lease lost). */
  emit(run: ClaimedRun<V>, jobId: string, event: RunEventOf<V>): Promise<boolean>;
  /** Ends the run with one result per job (same order) and frees its slot; false when the lease was lost. */
  complete(run: ClaimedRun<V>, results: readonly JobResult<V>[], options?: CompleteOptions): Promise<boolean>;
  /** Ends the run with the same error for every job (a crash of the run, not of one input). */
  fail(run: ClaimedRun<V>, error: ErrorPayload): Promise<boolean>;
  /** `listener(runId, jobId)` hears cancels of jobs in runs this worker holds, from any front. */
  onCancel(workerId: string, listener: (runId: string, jobId: string) => void): Promise<Disposable>;
  /** `listener(groupId)` hears that a group may have work (a job arrived or a slot freed). */
  onWork(listener: (groupId: string) => void): Promise<Disposable>;
  /** Requeues or fails the jobs of runs whose lease expired; returns how many runs it reclaimed. Idempotent. */
  reap(): Promise<number>;
}

/** The project's queue settings (the same on every front and worker). */
export interface QueueSettings {
  /** A run whose worker has not heart-beaten for this long is lost. */
  readonly leaseMs: number;
  /** How many more times a job whose worker was lost is run (0: fail at once; 1: "retried once"). */
  readonly lostWorkerRetries: 0 | 1;
  /** How long a finished job's record and events stay readable (for resume and late readers). */
  readonly finishedTtlMs: number;
}

export interface JobQueue<V = JsonValue> extends QueueFront<V>, QueueWorker<V> {
  close(): Promise<void>;
}
