import type { QueuePosition } from '../engine/types.js';
import type { JobSubmissionOf, QueueJobOf } from '../queue/job-data.js';
import type { JobEventOf } from '../queue/job-events.js';
import type { BatchPolicy } from './batch-policy.js';
import type { RunStats } from './run-stats.js';

/**
 * What the in-process line takes and gives (issue 18, item 1: a job is data, its events are keyed
 * by job id). A job carries no closures: the line hands each run to ONE run function, which looks
 * the event up by name, and reports what happens to a job as events to ONE sink, keyed by job id.
 */

/**
 * A job as the line holds it: the queue's job data (main/queue/job-data.ts) with in-process values
 * (files as the engine's local FileValue until the blob store replaces them) and the run's local
 * output folder, a path that means something only on this machine.
 */
export type LineSubmission = JobSubmissionOf<unknown> & { readonly outputDir?: string };
export type LineJob = QueueJobOf<unknown> & { readonly outputDir?: string };

/** What a run may tell the line about itself while it runs. */
export interface RunContext {
  /**
   * The run had to start a worker or load a model first: its duration is no run time (a 1 ms
   * function whose first run took 2 s must not be announced as "takes 2 s"), so RunStats and the
   * batch policy leave it out.
   */
  coldStart(): void;
}

/** One run handed out by the line: a single job, or a batch of jobs of one batch key, holding one slot. */
export interface LineRun {
  readonly runId: string;
  readonly groupId: string;
  readonly jobs: readonly LineJob[];
  /** Aborted when the run's job is cancelled (a batch: its last member), or the line closes. */
  readonly signal: AbortSignal;
  readonly context: RunContext;
}

/**
 * Runs a run's jobs: resolves to one value per job, in order (a batchable event's jobs run as one
 * call; any other run has one job). A rejection fails every job of the run.
 */
export type RunJobs = (run: LineRun) => Promise<readonly unknown[]>;

/** Where a job's events go, keyed by job id. */
export interface JobEventSink {
  /** Facts, in order: queued, started, progress/log/partial, then one terminal event. */
  event(jobId: string, event: JobEventOf<unknown>): void;
  /** Its estimation while it waits (sent on admission and when its group's line moved; never twice unchanged). */
  position(jobId: string, position: QueuePosition): void;
  /** The group's line moved (a run started, a job left): its waiting jobs are told their new places now. */
  moved?(groupId: string): void;
}

/** A before-you-submit estimate: the position a job would get, and whether a slot is free for it now. */
export interface Estimation extends QueuePosition {
  /** False when the group (or the global cap) has every slot busy: even rank 0 waits for a run to end. */
  readonly slotFree: boolean;
}

/** Who asks for a before-you-submit estimate: the fields of a job that decide its place. */
export interface EstimateCaller {
  /** The caller's fairness lane (a session, or a share-link visitor); none: a lane with nothing waiting. */
  readonly lane?: string;
  readonly priority?: 'high' | 'normal';
}

export interface SchedulerOptions {
  /** Refuse new jobs when this many are waiting (all groups); null = unbounded. */
  readonly maxSize: number | null;
  /** Global cap on running runs across groups (Gradio's max_threads). */
  readonly maxRunning?: number;
  readonly now?: () => number;
  readonly stats?: RunStats;
  /** The batch policy of each batch key (default: adaptive). */
  readonly batchPolicy?: (key: string) => BatchPolicy;
  /**
   * Asked before a group's next run starts, in addition to the group's limit (for example: does
   * it fit in free GPU memory?). Only asked while the group has runs in flight, so a group with
   * nothing running always starts one run (nothing waits forever); a refused head keeps its place.
   * When its answer may have changed, the admission's owner calls `Scheduler.wake()`.
   */
  readonly admission?: Admission;
  /**
   * Estimations: a group that moved is announced on the next event-loop turn; after a broadcast to
   * N waiting jobs the next waits N × this (default 0.05 ms: 10,000 waiting jobs hear every 0.5 s).
   */
  readonly announcePerJobMs?: number;
  /**
   * The line's own worker: runs are handed to it as soon as they may start (no wake-up round trip).
   * Without one, nothing starts until someone `claim`s (a worker elsewhere in the process).
   */
  readonly run?: RunJobs;
  /** Where every job's events go (none: nowhere). */
  readonly sink?: JobEventSink;
}

/** See SchedulerOptions.admission. `runningInGroup` is always >= 1. */
export type Admission = (groupId: string, statsKey: string, runningInGroup: number) => boolean;
