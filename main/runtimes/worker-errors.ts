import { AppError, CancelledError } from '../common/errors.js';
import type { RestartDecision } from './restart-policy.js';

/** The errors a WorkerHost reports, worded once: what happened to which model, and what now. */

export function crashError(label: string, detail: string, decision: RestartDecision | undefined, windowMs: number): AppError {
  if (!decision) return new AppError('WORKER_CRASHED', `The worker for ${label} crashed while loading (${detail}).`);
  if (decision.giveUp) {
    return new AppError(
      'WORKER_CRASHED',
      `The worker for ${label} crashed ${decision.crashes} times within ${Math.round(windowMs / 1000)} s ` +
        `(last: ${detail}); it will not be restarted. Check the model files and free memory, then load the model again.`,
    );
  }
  return new AppError('WORKER_CRASHED', `The worker for ${label} crashed (${detail}); it is being restarted.`);
}

export function cancelKillError(label: string, graceMs: number): AppError {
  return new AppError(
    'WORKER_CRASHED',
    `The worker for ${label} was restarted because a cancelled job did not stop within ${graceMs / 1000} s.`,
  );
}

export function unloadedError(label: string): CancelledError {
  return new CancelledError(`The ${label} was unloaded.`);
}

export function disposedError(label: string): AppError {
  return new AppError('INTERNAL', `The ${label} has been shut down.`);
}

export function unsendableInputError(label: string, reason: string): AppError {
  return new AppError('INVALID_INPUT', `The input cannot be passed to the ${label}: ${reason}`);
}
