import type { QueuePosition } from '../engine/types.js';
import type { ConcurrencyGroup } from './concurrency-group.js';
import type { JobState } from './job.js';
import type { LineJob, LineRun } from './scheduler-types.js';

/** The Scheduler's own records of a job and a run (never handed out: LineJob and LineRun are). */

export interface Job {
  readonly data: LineJob;
  readonly group: Group;
  /** The fairness lane (FairQueue's session). */
  readonly sessionId: string;
  readonly priority: 'high' | 'normal';
  state: JobState;
  run: Run | undefined;
  /** The last estimation sent to this job (none is re-sent unchanged). */
  announced: QueuePosition | undefined;
}

/** One slot's worth of work: a single job or a batch. */
export interface Run {
  readonly id: string;
  readonly group: Group;
  readonly members: Job[];
  readonly controller: AbortController;
  readonly startedAt: number;
  readonly statsKey: string;
  /** It waited for a worker to start or a model to load (RunContext.coldStart): not a run time. */
  cold: boolean;
  readonly handed: LineRun;
}

export type Group = ConcurrencyGroup<Job, Run>;
