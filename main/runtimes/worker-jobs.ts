import { type AppError, CancelledError } from '../../preload/shared/errors.js';
import type { InferOptions } from './runtime.js';
import type { WorkerConnection } from './worker-transport.js';

/**
 * The jobs of one WorkerHost: queued (no worker yet) or sent to a worker, each tied to its
 * caller's AbortSignal. Settling a job always goes through `settle`, which also releases its timer
 * and signal listener, so a finished job can never leak either.
 */
export interface Job {
  readonly id: number;
  readonly input: unknown;
  readonly options: InferOptions;
  /** The worker the job was sent to; undefined while queued. */
  child: WorkerConnection | undefined;
  /** The caller cancelled; whatever happens next, the job ends as CancelledError. */
  aborted: boolean;
  /** The app stopped the job (it ran past its time limit); unless cancelled, it ends with this error. */
  stopError: AppError | undefined;
  /** Kills the worker when a job asked to stop does not. */
  graceTimer: NodeJS.Timeout | undefined;
  /** Stops the job when it runs past its time limit. */
  timeoutTimer: NodeJS.Timeout | undefined;
}

interface Entry {
  readonly job: Job;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: AppError) => void;
  readonly detach: () => void;
}

export class JobTable {
  private readonly entries = new Map<number, Entry>();
  private nextId = 1;

  get size(): number {
    return this.entries.size;
  }

  /** Registers a job; `onAbort` runs once if the caller's signal aborts while the job is pending. */
  create(input: unknown, options: InferOptions, onAbort: (job: Job) => void): { job: Job; promise: Promise<unknown> } {
    const job: Job = {
      id: this.nextId++,
      input,
      options,
      child: undefined,
      aborted: false,
      stopError: undefined,
      graceTimer: undefined,
      timeoutTimer: undefined,
    };
    const promise = new Promise<unknown>((resolve, reject) => {
      const listener = (): void => onAbort(job);
      options.signal.addEventListener('abort', listener, { once: true });
      const detach = (): void => options.signal.removeEventListener('abort', listener);
      this.entries.set(job.id, { job, resolve, reject, detach });
    });
    return { job, promise };
  }

  has(job: Job): boolean {
    return this.entries.get(job.id)?.job === job;
  }

  get(id: number): Job | undefined {
    return this.entries.get(id)?.job;
  }

  /** A job still worth reporting progress to (pending and neither cancelled nor stopped). */
  live(id: number): Job | undefined {
    const job = this.get(id);
    return job && !job.aborted && !job.stopError ? job : undefined;
  }

  all(): Job[] {
    return [...this.entries.values()].map((entry) => entry.job);
  }

  queued(): Job[] {
    return this.all().filter((job) => !job.child && !job.aborted);
  }

  sentTo(child: WorkerConnection): Job[] {
    return this.all().filter((job) => job.child === child);
  }

  /** Ends a job. A cancelled job always rejects with CancelledError, a stopped one with its stop error, whatever the outcome. */
  settle(job: Job, outcome: { value: unknown } | { error: AppError }): void {
    const entry = this.entries.get(job.id);
    if (entry?.job !== job) return;
    this.entries.delete(job.id);
    clearTimeout(job.graceTimer);
    clearTimeout(job.timeoutTimer);
    entry.detach();
    if (job.aborted) entry.reject(new CancelledError());
    else if (job.stopError) entry.reject(job.stopError);
    else if ('error' in outcome) entry.reject(outcome.error);
    else entry.resolve(outcome.value);
  }
}

/** The project functions the jobs were running (for limit errors). */
export function functionNames(jobs: readonly Job[]): string[] {
  return jobs.map((job) => job.options.fn?.name).filter((name): name is string => name !== undefined);
}
