import type { AppError } from '../../preload/shared/errors.js';

/** One job's own failure among a run's values (a worker that completes a run job by job). */
export class JobFailure {
  constructor(readonly error: AppError) {}
}
