import { AppError, CancelledError } from '../../preload/shared/errors.js';
import type { JobEventOf } from '../queue/job-events.js';
import type { JobEventSink } from '../scheduler/scheduler-types.js';
import type { QueuePosition, RunCallbacks } from './types.js';

/** How a job's result promise is settled. */
export interface Settle {
  readonly resolve: (outputs: unknown[]) => void;
  readonly reject: (error: AppError) => void;
}

/**
 * Turns one job's events (keyed by its id, from the queue) back into the caller's RunRequest
 * callbacks and its result: the caller's closures stay with the caller, the job itself is data.
 */
export function jobWatch(callbacks: RunCallbacks, settle: Settle, done: () => void): JobEventSink {
  return {
    position: (_jobId: string, position: QueuePosition) => callbacks.onQueue?.(position),
    event: (_jobId: string, event: JobEventOf<unknown>) => {
      if (event.type === 'started') callbacks.onStart?.({ etaMs: event.etaMs });
      else if (event.type === 'progress') callbacks.onProgress?.(event);
      else if (event.type === 'log') callbacks.onLog?.(event.message, event.level);
      else if (event.type === 'partial') callbacks.onPartial?.([...event.outputs]);
      else if (event.type === 'completed') {
        done();
        settle.resolve(Array.isArray(event.output) ? (event.output as unknown[]) : [event.output]);
      } else if (event.type === 'failed') {
        done();
        // In one process the error is the AppError the function threw (see Scheduler.finish).
        settle.reject(event.error instanceof AppError ? event.error : AppError.fromPayload(event.error));
      } else if (event.type === 'cancelled') {
        done();
        settle.reject(new CancelledError());
      }
    },
  };
}
