import { CancelledError } from '../../preload/shared/errors.js';
import type { Logger } from '../common/logger.js';
import { timeoutError, type StopCause } from './worker-errors.js';
import type { Job, JobTable } from './worker-jobs.js';
import type { WorkerConnection } from './worker-transport.js';

/**
 * Stopping one job of a WorkerHost: its caller cancelled, or it ran past its function's time limit.
 * A queued job just ends; a sent one is asked to stop (`cancel` to the worker), and if it has not
 * ended after the grace period, `onIgnored` gets it: a job in a busy loop or a long native call
 * never sees its AbortSignal, and only killing its worker frees the CPU (the host does that).
 */
export class JobStops {
  constructor(
    private readonly jobs: JobTable,
    private readonly graceMs: number,
    private readonly logger: Logger,
    private readonly onIgnored: (child: WorkerConnection, job: Job, cause: StopCause) => void,
  ) {}

  cancel(job: Job): void {
    if (job.aborted || !this.jobs.has(job)) return;
    job.aborted = true;
    this.stop(job, 'cancelled');
  }

  /** The job was just sent: its function's time limit, if any, starts now. */
  armTimeLimit(job: Job): void {
    const { fn } = job.options;
    if (fn?.timeoutMs === undefined) return;
    const { name, timeoutMs } = fn;
    job.timeoutTimer = setTimeout(() => this.expire(job, name, timeoutMs), timeoutMs);
  }

  /** The job ran past its time limit: stop it as a cancel would, but it fails with the limit's error. */
  private expire(job: Job, functionName: string, timeoutMs: number): void {
    if (job.aborted || job.stopError || !this.jobs.has(job)) return;
    job.stopError = timeoutError(functionName, timeoutMs);
    this.logger.warn(job.stopError.message, { pid: job.child?.pid });
    this.stop(job, 'timed out');
  }

  private stop(job: Job, cause: StopCause): void {
    const child = job.child;
    if (!child) {
      this.jobs.settle(job, { error: new CancelledError() });
      return;
    }
    child.send({ type: 'cancel', jobId: job.id });
    clearTimeout(job.graceTimer);
    job.graceTimer = setTimeout(() => {
      job.graceTimer = undefined;
      this.onIgnored(child, job, cause);
    }, this.graceMs);
  }
}
