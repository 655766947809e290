import { AppError, type ErrorPayload } from '../../../preload/shared/errors.js';
import type { Disposable } from '../../common/disposable.js';
import { JobFailure, type Scheduler } from '../../scheduler/scheduler.js';
import type { JobEventSink, LineSubmission, RunJobs } from '../../scheduler/scheduler-types.js';
import type { QueueJobOf } from '../job-data.js';
import type { JobEventOf, RunEventOf, StoredJobEvent } from '../job-events.js';
import type {
  CancelOutcome,
  ClaimedRun,
  ClaimRequest,
  CompleteOptions,
  HeartbeatReply,
  JobQueue,
  JobResult,
  JobStatus,
  QueueEstimate,
  QueuePosition,
  ReadEventsOptions,
  SubmitOptions,
} from '../queue-types.js';
import { JobRecords } from './job-records.js';

/**
 * The embedded queue: the async queue interface (queue-types.ts, the one RedisQueue implements)
 * in front of the in-process line (main/scheduler/). It is what one machine runs by default.
 *
 * Values are handed over by reference (V = unknown): nothing is serialized. The engine, in the
 * same process, uses three things a remote queue has no use for: `submit` refuses by throwing at
 * once (the Engine's submit is synchronous), `watch` pushes a job's events and estimations to
 * the engine as they happen (no read loop), and `serve` makes the engine the line's own worker,
 * handed each run as soon as it may start (claim and complete without a wake-up round trip).
 * Other workers may `claim` too (QueueWorker); there are no leases in one process.
 *
 * Semantics are the line's (docs/engine.md), with one difference from RedisQueue: a running job
 * alone in its run ends `cancelled` when its run lets go (the worker sees the abort), not at once.
 */
export class EmbeddedQueue implements JobQueue<unknown> {
  /** None when the queue keeps no history (the engine's: see the constructor). */
  private readonly records: JobRecords | undefined;
  private readonly watchers = new Map<string, JobEventSink>();
  private readonly movedListeners = new Set<(groupId: string) => void>();
  private readonly cancelListeners = new Map<string, Set<(runId: string, jobId: string) => void>>();
  /** Runs claimed through `claim` (not the line's own worker): run id → the worker that holds it. */
  private readonly claimed = new Map<string, ClaimedRun<unknown>>();

  /**
   * `history`: whether jobs' records and events are kept for `status`, `readEvents` and
   * `sessionJobs` (live jobs, and the last `keepFinished` finished ones, default 64, which also
   * answer `cancel` with `already-finished` and make `submit` idempotent after the end). The
   * engine's queue keeps none (`history: false`): the engine is told everything as it happens and
   * reads nothing back, and the records cost about a tenth of the engine's own CPU per call
   * (measured with an instant function, 8 callers). Without history, `status` knows live jobs
   * only, and `readEvents` and `sessionJobs` answer nothing.
   */
  constructor(
    readonly line: Scheduler,
    options: { readonly history?: boolean; readonly keepFinished?: number } = {},
  ) {
    this.records = options.history === false ? undefined : new JobRecords(options.keepFinished ?? 64);
    line.serve({
      sink: {
        event: (jobId, event) => this.event(jobId, event),
        position: (jobId, position) => this.watchers.get(jobId)?.position(jobId, position),
        moved: (groupId) => {
          for (const listener of this.movedListeners) listener(groupId);
        },
      },
    });
  }

  /** Makes `run` the line's own worker: every run that may start is handed to it at once. */
  serve(run: RunJobs): void {
    this.line.serve({ run });
  }

  /** Pushes the job's events and estimations to `watcher` as they happen, until `unwatch`. */
  watch(jobId: string, watcher: JobEventSink): void {
    this.watchers.set(jobId, watcher);
  }

  unwatch(jobId: string): void {
    this.watchers.delete(jobId);
  }

  /** Throws QUEUE_FULL or CANCELLED at once (see QueueFront.submit); the job's first events may come before this returns. */
  submit(submission: LineSubmission, options: SubmitOptions = {}): Promise<QueueJobOf<unknown>> {
    const max = options.maxWaiting ?? null;
    const { records } = this;
    if (max !== null && submission.priority !== 'high' && this.line.waiting >= max && !records?.has(submission.id)) {
      throw new AppError('QUEUE_FULL', `Queue is full. Max size is ${max} and size is ${this.line.waiting}. Try again shortly.`);
    }
    // Idempotent by id, finished jobs included (the line forgets them; a second run would be a duplicate).
    const known = records?.job(submission.id);
    if (known) return Promise.resolve(known);
    if (!records) return Promise.resolve(this.line.submit(submission));
    // Recorded first: the line reports the job's first events during its submit.
    records.add(submission);
    try {
      const job = this.line.submit(submission);
      records.accept(job);
      return Promise.resolve(job);
    } catch (error) {
      records.drop(submission.id);
      throw error;
    }
  }

  cancel(jobId: string): Promise<CancelOutcome> {
    const outcome = this.line.cancel(jobId);
    if (outcome === 'unknown' && this.records?.has(jobId)) return Promise.resolve('already-finished');
    if (outcome === 'cancelled-running') this.tellWorker(jobId);
    return Promise.resolve(outcome);
  }

  position(jobId: string): Promise<QueuePosition | null> {
    return Promise.resolve(this.line.position(jobId));
  }

  positions(groupId: string, max?: number): Promise<ReadonlyMap<string, QueuePosition>> {
    return Promise.resolve(this.line.positions(groupId, max));
  }

  estimate(
    groupId: string,
    event: string,
    caller: { readonly lane?: string; readonly priority?: 'high' | 'normal'; readonly batchMaxSize?: number } = {},
  ): Promise<QueueEstimate> {
    return Promise.resolve(this.line.estimate(groupId, null, event, caller));
  }

  status(jobId: string): Promise<JobStatus<unknown> | null> {
    if (this.records) return Promise.resolve(this.records.status(jobId));
    const live = this.line.state(jobId);
    return Promise.resolve(live ? { job: live.job, state: live.state, attempts: live.state === 'running' ? 1 : 0 } : null);
  }

  sessionJobs(session: string): Promise<string[]> {
    return Promise.resolve(this.records?.sessionJobs(session) ?? []);
  }

  async readEvents(after: ReadonlyMap<string, string>, options: ReadEventsOptions = {}): Promise<StoredJobEvent<unknown>[]> {
    const { records } = this;
    if (!records) return [];
    const count = options.count ?? 1000;
    const ready = records.read(after, count);
    if (ready.length > 0 || !options.blockMs || this.line.isClosed) return ready;
    await records.next(options.blockMs);
    return records.read(after, count);
  }

  onMoved(listener: (groupId: string) => void): Promise<Disposable> {
    this.movedListeners.add(listener);
    return Promise.resolve({ dispose: () => void this.movedListeners.delete(listener) });
  }

  claim(request: ClaimRequest): Promise<ClaimedRun<unknown> | null> {
    const run = this.line.claim(request.groups, request.maxBatchSize);
    if (!run) return Promise.resolve(null);
    const claimed: ClaimedRun<unknown> = {
      runId: run.runId,
      groupId: run.groupId,
      workerId: request.workerId,
      jobs: run.jobs,
      attempts: run.jobs.map(() => 1),
    };
    this.claimed.set(run.runId, claimed);
    return Promise.resolve(claimed);
  }

  /** No leases in one process: a run is lost only when the line no longer knows it (it was completed). */
  heartbeat(_workerId: string, runIds: readonly string[]): Promise<HeartbeatReply> {
    return Promise.resolve({ lost: runIds.filter((runId) => !this.claimed.has(runId)), cancelled: [] });
  }

  emit(run: ClaimedRun<unknown>, jobId: string, event: RunEventOf<unknown>): Promise<boolean> {
    return Promise.resolve(this.line.emit(run.runId, jobId, event));
  }

  complete(run: ClaimedRun<unknown>, results: readonly JobResult<unknown>[], options: CompleteOptions = {}): Promise<boolean> {
    if (results.length !== run.jobs.length) {
      return Promise.reject(new AppError('INTERNAL', `A run of ${run.jobs.length} jobs was completed with ${results.length} results.`));
    }
    this.claimed.delete(run.runId);
    const values = results.map((result) => (result.ok ? result.output : new JobFailure(AppError.fromPayload(result.error))));
    return Promise.resolve(this.line.complete(run.runId, values, undefined, options.cold ?? false));
  }

  fail(run: ClaimedRun<unknown>, error: ErrorPayload): Promise<boolean> {
    this.claimed.delete(run.runId);
    return Promise.resolve(this.line.complete(run.runId, undefined, AppError.fromPayload(error)));
  }

  onCancel(workerId: string, listener: (runId: string, jobId: string) => void): Promise<Disposable> {
    let listeners = this.cancelListeners.get(workerId);
    if (!listeners) this.cancelListeners.set(workerId, (listeners = new Set()));
    const own = listeners;
    own.add(listener);
    return Promise.resolve({ dispose: () => void own.delete(listener) });
  }

  onWork(listener: (groupId: string) => void): Promise<Disposable> {
    return Promise.resolve(this.line.onWork(listener));
  }

  /** Nothing to reap: no run outlives its worker in one process. */
  reap(): Promise<number> {
    return Promise.resolve(0);
  }

  close(): Promise<void> {
    this.line.close();
    this.records?.wakeAll();
    return Promise.resolve();
  }

  private event(jobId: string, event: JobEventOf<unknown>): void {
    this.records?.record(jobId, event);
    this.watchers.get(jobId)?.event(jobId, event);
  }

  /** A job of a claimed run was cancelled: its worker hears it (the line's own worker sees the run's signal). */
  private tellWorker(jobId: string): void {
    for (const run of this.claimed.values()) {
      if (!run.jobs.some((job) => job.id === jobId)) continue;
      for (const listener of this.cancelListeners.get(run.workerId) ?? []) listener(run.runId, jobId);
    }
  }
}
