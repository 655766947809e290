import { AppError, isCancelled, toAppError } from '../../preload/shared/errors.js';
import type { TypedEvents } from '../common/typed-events.js';
import type { JobEventOf } from '../queue/job-events.js';
import { JobFailure } from './job-failure.js';
import { transition } from './job.js';
import type { Job, Run } from './line-types.js';
import type { SchedulerEvents } from './scheduler-events.js';
import type { JobEventSink } from './scheduler-types.js';

const QUEUED: JobEventOf<unknown> = { type: 'queued' };
const CANCELLED: JobEventOf<unknown> = { type: 'cancelled' };

/**
 * Moves a job to its next state and tells everyone who listens: the sink (the job's own events,
 * keyed by job id) and the Scheduler's events (metrics, the server, the UI). A job that ends is
 * forgotten by the line (removed from its job records) as it is reported.
 */
export class JobReporter {
  constructor(
    /** Where job events go; the line's worker may attach one later (Scheduler.serve). */
    public sink: JobEventSink,
    private readonly events: TypedEvents<SchedulerEvents>,
    private readonly jobs: Map<string, Job>,
    private readonly now: () => number,
  ) {}

  queued(job: Job): void {
    const { data } = job;
    this.events.emit('queued', { jobId: data.id, key: data.event, groupId: job.group.id, sessionId: job.sessionId });
    this.sink.event(data.id, QUEUED);
  }

  /** The run's members start (`etaMs`: its event's mean run time, if known). */
  started(run: Run, etaMs: number | null): void {
    const { members, startedAt } = run;
    this.events.emit('started', {
      jobIds: members.map((job) => job.data.id),
      key: run.statsKey,
      groupId: run.group.id,
      waitMs: members.map((job) => startedAt - job.data.enqueuedAt),
    });
    for (const job of members) {
      job.state = transition(job.state, 'start');
      job.run = run;
      this.sink.event(job.data.id, { type: 'started', etaMs, attempt: 1 });
    }
  }

  cancelled(job: Job): void {
    job.state = transition(job.state, 'cancel');
    this.finished(job, 'cancelled');
    this.sink.event(job.data.id, CANCELLED);
  }

  /**
   * Settles the members of an ended run still in it, each by its own value: completed, failed (its
   * JobFailure, the run's error, or too few values) or cancelled (the run was aborted).
   * `ok`: the run resolved and was not aborted.
   */
  runEnded(run: Run, values: readonly unknown[] | undefined, error: unknown, ok: boolean, runMs: number): void {
    const { members } = run;
    for (let i = 0; i < members.length; i++) {
      const job = members[i] as Job;
      if (job.state !== 'running') continue; // left the batch already
      const value = values?.[i];
      if (ok && values && i < values.length && !(value instanceof JobFailure)) {
        job.state = transition(job.state, 'complete');
        this.finished(job, 'completed');
        this.sink.event(job.data.id, { type: 'completed', output: value, runMs });
      } else if (run.controller.signal.aborted || isCancelled(error)) {
        this.cancelled(job);
      } else {
        this.failed(job, failureOf(run, values, error, ok, value));
      }
    }
  }

  private failed(job: Job, reason: unknown): void {
    job.state = transition(job.state, 'fail');
    this.finished(job, 'failed');
    // The AppError itself (an ErrorPayload by shape): in one process the caller gets the very error.
    this.sink.event(job.data.id, { type: 'failed', error: toAppError(reason, 'FUNCTION_FAILED') });
  }

  private finished(job: Job, outcome: SchedulerEvents['finished']['outcome']): void {
    const { run } = job;
    this.jobs.delete(job.data.id);
    this.events.emit('finished', {
      jobId: job.data.id,
      key: job.data.event,
      outcome,
      waitMs: run ? run.startedAt - job.data.enqueuedAt : null,
      runMs: run ? this.now() - run.startedAt : null,
      batchSize: run ? run.members.length : 0,
    });
  }
}

/** Why a member of a run failed: its own JobFailure, a batch that returned too few values, or the run's error. */
function failureOf(run: Run, values: readonly unknown[] | undefined, error: unknown, ok: boolean, value: unknown): unknown {
  if (value instanceof JobFailure) return value.error;
  if (ok) return new AppError('FUNCTION_FAILED', `A batch of ${run.members.length} returned ${values?.length ?? 0} results.`);
  return error;
}
