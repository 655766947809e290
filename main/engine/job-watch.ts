import { AppError, CancelledError } from '../../preload/shared/errors.js';
import type { JobEventOf } from '../queue/job-events.js';
import type { JobEventSink } from '../scheduler/scheduler-types.js';
import type { QueuePosition, RunCallbacks, RunHandle } from './types.js';

/** What a JobWatch needs from the queue: cancelling its job and letting go of it. */
export interface WatchedQueue {
  cancel(jobId: string): Promise<unknown>;
  unwatch(jobId: string): void;
}

/**
 * One job seen from the caller's side: turns its events (keyed by its id, from the queue) back
 * into the caller's RunRequest callbacks and its result, and cancels it when the caller's signal
 * aborts. The caller's closures stay with the caller; the job itself is data. One object per job,
 * methods on the prototype and `handleEvent` as the abort listener: no closures per job.
 */
export class JobWatch implements JobEventSink {
  readonly result: Promise<unknown[]>;
  private resolve!: (outputs: unknown[]) => void;
  private reject!: (error: AppError) => void;

  constructor(
    readonly id: string,
    private readonly callbacks: RunCallbacks,
    private readonly signal: AbortSignal,
    private readonly queue: WatchedQueue,
  ) {
    this.result = new Promise<unknown[]>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  get handle(): RunHandle {
    return { id: this.id, result: this.result };
  }

  /** Starts listening to the caller's signal (after the queue accepted the job). */
  listen(): void {
    this.signal.addEventListener('abort', this, { once: true });
  }

  /** The caller's signal aborted. */
  handleEvent(): void {
    void this.queue.cancel(this.id);
  }

  position(_jobId: string, position: QueuePosition): void {
    this.callbacks.onQueue?.(position);
  }

  event(_jobId: string, event: JobEventOf<unknown>): void {
    const { callbacks } = this;
    if (event.type === 'started') callbacks.onStart?.({ etaMs: event.etaMs });
    else if (event.type === 'progress') callbacks.onProgress?.(event);
    else if (event.type === 'log') callbacks.onLog?.(event.message, event.level);
    else if (event.type === 'partial') callbacks.onPartial?.([...event.outputs]);
    else if (event.type === 'completed') {
      this.done();
      this.resolve(Array.isArray(event.output) ? (event.output as unknown[]) : [event.output]);
    } else if (event.type === 'failed') {
      this.done();
      // In one process the error is the AppError the function threw (see Scheduler.finish).
      this.reject(event.error instanceof AppError ? event.error : AppError.fromPayload(event.error));
    } else if (event.type === 'cancelled') {
      this.done();
      this.reject(new CancelledError());
    }
  }

  /** The job is over, or was never accepted: no more events, no more cancels. */
  done(): void {
    this.queue.unwatch(this.id);
    this.signal.removeEventListener('abort', this);
  }
}
