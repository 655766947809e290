import type { ErrorPayload } from '../../../preload/shared/errors.js';
import type { JobSubmissionOf, QueueJobOf, QueueJobState } from '../job-data.js';
import { TERMINAL_EVENTS, type JobEventOf, type StoredJobEvent } from '../job-events.js';
import type { JobStatus } from '../queue-types.js';

/**
 * What the embedded queue remembers of each job: its data, its state and its events (ids are one
 * increasing counter, so "after id" is a number comparison), for `status`, `readEvents` and
 * `sessionJobs`. Live jobs are all kept; finished ones only the last `keepFinished` (the engine is
 * told as things happen and reads nothing back; a reader that comes late needs some kept, as Redis
 * keeps them for `finishedTtlMs`).
 */

interface JobRecord {
  /** The submission until the line accepted it, then the accepted job (with its enqueuedAt). */
  job: QueueJobOf<unknown> | JobSubmissionOf<unknown>;
  state: QueueJobState;
  attempts: number;
  readonly events: StoredJobEvent<unknown>[];
  output?: unknown;
  error?: ErrorPayload;
}

export class JobRecords {
  private readonly records = new Map<string, JobRecord>();
  private readonly finished: string[] = [];
  private readonly bySession = new Map<string, Set<string>>();
  private readonly waiters = new Set<() => void>();
  private seq = 0;

  constructor(private readonly keepFinished: number) {}

  add(job: JobSubmissionOf<unknown>): void {
    this.records.set(job.id, { job, state: 'queued', attempts: 0, events: [] });
    let session = this.bySession.get(job.session);
    if (!session) this.bySession.set(job.session, (session = new Set()));
    session.add(job.id);
  }

  accept(job: QueueJobOf<unknown>): void {
    const record = this.records.get(job.id);
    if (record) record.job = job;
  }

  /** The line refused it: as if it never came. */
  drop(jobId: string): void {
    this.forget(jobId);
  }

  /** The accepted job, or undefined (unknown, or not yet accepted). */
  job(jobId: string): QueueJobOf<unknown> | undefined {
    const job = this.records.get(jobId)?.job;
    return job && 'enqueuedAt' in job ? job : undefined;
  }

  has(jobId: string): boolean {
    return this.records.has(jobId);
  }

  /** Appends an event to the job's stream and follows its state; wakes blocked readers. */
  record(jobId: string, event: JobEventOf<unknown>): void {
    const record = this.records.get(jobId);
    if (!record) return;
    record.events.push({ id: String(++this.seq), jobId, event });
    if (event.type === 'started') {
      record.state = 'running';
      record.attempts = event.attempt;
    } else if (event.type === 'completed') {
      record.output = event.output;
    } else if (event.type === 'failed') {
      record.error = event.error;
    }
    if (TERMINAL_EVENTS.has(event.type)) this.finish(jobId, record, event.type as QueueJobState);
    if (this.waiters.size > 0) for (const wake of [...this.waiters]) wake();
  }

  status(jobId: string): JobStatus<unknown> | null {
    const record = this.records.get(jobId);
    if (!record) return null;
    const { job, state, attempts, output, error } = record;
    if (!('enqueuedAt' in job)) return null;
    return { job, state, attempts, ...(state === 'completed' ? { output } : {}), ...(error ? { error } : {}) };
  }

  sessionJobs(session: string): string[] {
    return [...(this.bySession.get(session) ?? [])];
  }

  /** Events of the given jobs after the given ids ('0': from the start), in order per job, at most `count`. */
  read(after: ReadonlyMap<string, string>, count: number): StoredJobEvent<unknown>[] {
    const out: StoredJobEvent<unknown>[] = [];
    for (const [jobId, last] of after) {
      const from = Number(last);
      for (const stored of this.records.get(jobId)?.events ?? []) {
        if (out.length >= count) return out;
        if (Number(stored.id) > from) out.push(stored);
      }
    }
    return out;
  }

  /** Resolves at the next event of any job, or after `ms`. */
  next(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      timer.unref();
      this.waiters.add(wake);
    });
  }

  /** Wakes every blocked reader (the queue is closing). */
  wakeAll(): void {
    for (const wake of [...this.waiters]) wake();
  }

  private finish(jobId: string, record: JobRecord, state: QueueJobState): void {
    record.state = state;
    this.finished.push(jobId);
    while (this.finished.length > this.keepFinished) this.forget(this.finished.shift() as string);
  }

  private forget(jobId: string): void {
    const record = this.records.get(jobId);
    this.records.delete(jobId);
    const session = record && this.bySession.get(record.job.session);
    session?.delete(jobId);
    if (session?.size === 0) this.bySession.delete(record?.job.session ?? '');
  }
}
