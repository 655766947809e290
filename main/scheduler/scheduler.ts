import { AppError } from '../../preload/shared/errors.js';
import type { QueuePosition } from '../engine/types.js';
import type { RunEventOf } from '../queue/job-events.js';
import type { CancelOutcome } from '../queue/queue-types.js';
import { TypedEvents } from '../common/typed-events.js';
import { BatchPolicies } from './batch-policies.js';
import { announceLine } from './announce-line.js';
import { Announcer } from './announcer.js';
import type { BatchPolicy } from './batch-policy.js';
import { JobReporter } from './job-reporter.js';
import { handRun } from './hand-run.js';
import { estimation, jobPosition, positionsById } from './line-estimates.js';
import { LineGroups } from './line-groups.js';
import type { Group, Job, Run } from './line-types.js';
import { openRun } from './open-run.js';
import { admits, planRun } from './plan-run.js';
import { RunStats } from './run-stats.js';
import { WakeTimer } from './wake-timer.js';
import type { SchedulerEvents } from './scheduler-events.js';
import type {
  EstimateCaller,
  Estimation,
  JobEventSink,
  LineJob,
  LineRun,
  LineSubmission,
  RunJobs,
  SchedulerOptions,
} from './scheduler-types.js';

export type * from './scheduler-types.js';
export { JobFailure } from './job-failure.js';

/**
 * The in-process line every call goes through (one door): concurrency groups with limits, a fair
 * waiting line per group (priority, then round-robin across lanes, FIFO within one), a global cap
 * on running work, an optional admission check (GPU memory), `maxSize` admission, batching (with a
 * batch policy per event), cancellation while queued or running, and Gradio-style estimations,
 * coalesced per event-loop turn (see Announcer).
 *
 * Jobs are data (LineSubmission) and what happens to them are events keyed by job id (a
 * JobEventSink, through the JobReporter); runs are `claim`ed and `complete`d, by the line's own run
 * function (SchedulerOptions.run) as soon as they may start, or by whoever claims. The embedded
 * queue (main/queue/embedded/) puts the async queue interface in front of it. See docs/engine.md.
 */

/** Lines up to this long tell a joiner its position during submit (walking them costs < 0.1 ms). */
const SYNC_ESTIMATE_LINE = 256;

const NO_SINK: JobEventSink = { event: () => undefined, position: () => undefined };

export class Scheduler {
  readonly stats: RunStats;
  /** queued / started / finished, for metrics, the server and the UI. */
  readonly events = new TypedEvents<SchedulerEvents>();
  private readonly groups = new LineGroups();
  private readonly jobs = new Map<string, Job>();
  /** Runs handed out by `claim` (not to the line's own worker), by run id, until completed. */
  private readonly claimed = new Map<string, Run>();
  private readonly workListeners = new Set<(groupId: string) => void>();
  private readonly now: () => number;
  private readonly maxRunning: number;
  private readonly policies: BatchPolicies;
  private readonly reporter: JobReporter;
  private readonly announcer: Announcer<Group>;
  private execute: RunJobs | undefined;
  private waitingCount = 0;
  private runningCount = 0;
  private runSeq = 0;
  private closed = false;
  /** Dispatches again when a batch waiting to fill should start. */
  private readonly batchWake: WakeTimer;
  /** Made once, not per run: where a run handed to the run function ends. */
  private readonly onRunEnded = (run: Run, values: readonly unknown[] | undefined, error: unknown): void => this.finish(run, values, error);

  constructor(private readonly options: SchedulerOptions) {
    this.stats = options.stats ?? new RunStats();
    this.now = options.now ?? (() => performance.now());
    this.maxRunning = options.maxRunning ?? 40;
    this.execute = options.run;
    this.policies = new BatchPolicies(options.batchPolicy);
    this.batchWake = new WakeTimer(this.now, () => this.dispatch());
    this.reporter = new JobReporter(options.sink ?? NO_SINK, this.events, this.jobs, this.now);
    this.announcer = new Announcer((group, moved) => announceLine(this.reporter.sink, this.stats, this.now(), group, moved), {
      now: this.now,
      perJobMs: options.announcePerJobMs ?? 0.05,
    });
  }

  get waiting(): number {
    return this.waitingCount;
  }

  /** Running runs (a batch counts once). */
  get running(): number {
    return this.runningCount;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** The batch policy of a key (for estimates and tests). */
  policy(key: string): BatchPolicy {
    return this.policies.of(key);
  }

  /**
   * Admits a job (idempotent by id: a job still in the line is returned as it is) or throws
   * QUEUE_FULL / CANCELLED synchronously. Its events go to the sink from here on, the first ones
   * (queued, its position in a short line, started when a slot is free) before this returns.
   */
  submit(submission: LineSubmission): LineJob {
    if (this.closed) throw new AppError('CANCELLED', 'The app is shutting down; no new jobs are accepted.');
    const known = this.jobs.get(submission.id);
    if (known) return known.data;
    const { maxSize } = this.options;
    // maxSize protects the owner: API callers and share-link visitors fill it, the app window's jobs are still admitted.
    if (maxSize !== null && submission.priority !== 'high' && this.waitingCount >= maxSize) {
      throw new AppError('QUEUE_FULL', `Queue is full. Max size is ${maxSize} and size is ${this.waitingCount}. Try again shortly.`);
    }
    const group = this.groups.join(submission.groupId, submission.limit);
    const data: LineJob = { ...submission, enqueuedAt: this.now() };
    const job: Job = { data, group, sessionId: data.lane, priority: data.priority, state: 'queued', run: undefined, announced: undefined };
    this.jobs.set(data.id, job);
    if (data.batch) this.policies.of(data.batch.key).arrived(data.enqueuedAt);
    group.waiting.push(job);
    this.waitingCount++;
    this.reporter.queued(job);
    // A joiner of a short line hears its position at once, as in Gradio; a long line is not walked
    // on every join, and the joiner hears on the next turn (see Announcer).
    if (group.waiting.length <= SYNC_ESTIMATE_LINE) announceLine(this.reporter.sink, this.stats, this.now(), group, false);
    else this.announcer.mark(group, false);
    this.dispatch();
    return data;
  }

  /**
   * Cancels a job: a waiting one leaves at once; a running one alone in its run is aborted and ends
   * `cancelled` when its run settles; a member of a batch leaves at once, and the batch is aborted
   * when no member is left. Finished and unknown jobs are `unknown` here (the line forgets them).
   */
  cancel(jobId: string): CancelOutcome {
    const job = this.jobs.get(jobId);
    if (!job) return 'unknown';
    if (job.state === 'queued') {
      job.group.waiting.remove(job);
      this.waitingCount--;
      this.reporter.cancelled(job);
      if (!this.closed) this.announcer.mark(job.group, true);
      this.dispatch();
      return 'cancelled-queued';
    }
    const { run } = job;
    if (run?.members.length === 1) {
      // The run sees the abort and settles; `finish` records the outcome.
      run.controller.abort();
    } else if (run) {
      // A member of a batch leaves at once; the batch stops only when nobody is left in it.
      this.reporter.cancelled(job);
      if (run.members.every((member) => member.state !== 'running')) run.controller.abort();
    }
    return 'cancelled-running';
  }

  /**
   * "Before you submit": the position a new job of `event` from `caller` would get in `groupId`
   * (after priority and the round-robin across lanes: a new lane's first job waits for one job per
   * lane, not for the whole line), the queue size it would see, its ETA (null until the events
   * involved have run), and whether a slot is free for it (rank 0 with every slot busy still waits
   * for a run to end). Without a lane, the caller is a lane with nothing waiting. O(lanes + rank).
   */
  estimate(groupId: string, limit: number | null, event: string, caller: EstimateCaller = {}): Estimation {
    return estimation(this.stats, this.now(), this.groups.get(groupId), limit, event, caller, this.runningCount < this.maxRunning);
  }

  /** A waiting job's live place, or null when it is not waiting. */
  position(jobId: string): QueuePosition | null {
    const job = this.jobs.get(jobId);
    return job?.state === 'queued' ? jobPosition(this.stats, this.now(), job) : null;
  }

  /** Every waiting job's place in a group (the first `max`), from one walk of the line. */
  positions(groupId: string, max?: number): Map<string, QueuePosition> {
    const group = this.groups.get(groupId);
    if (!group) return new Map();
    return positionsById(this.stats, this.now(), group, max);
  }

  /** A job still in the line (waiting or running) and its state; undefined once it is over. */
  state(jobId: string): { readonly job: LineJob; readonly state: 'queued' | 'running' } | undefined {
    const job = this.jobs.get(jobId);
    return job && { job: job.data, state: job.state === 'queued' ? 'queued' : 'running' };
  }

  /**
   * Attaches the line's own worker (its run function) and where job events go, when they could not
   * be given to the constructor (the engine is built around a line that exists first).
   */
  serve(worker: { readonly run?: RunJobs; readonly sink?: JobEventSink }): void {
    if (worker.sink) this.reporter.sink = worker.sink;
    if (worker.run) this.execute = worker.run;
    this.dispatch();
  }

  /** Starts whatever may start now: the admission calls this when its answer may have changed. */
  wake(): void {
    this.dispatch();
  }

  /** `listener(groupId)` hears that a group may have a run to claim (only without a run function). */
  onWork(listener: (groupId: string) => void): { dispose(): void } {
    this.workListeners.add(listener);
    return { dispose: () => void this.workListeners.delete(listener) };
  }

  /** Cancels waiting jobs and aborts running ones; the scheduler accepts nothing afterwards. */
  close(): void {
    this.closed = true;
    this.batchWake.cancel();
    this.announcer.cancelAll();
    for (const group of this.groups.list) {
      for (const job of group.waiting.order()) this.cancel(job.data.id);
      for (const run of [...group.running]) for (const job of run.members) this.cancel(job.data.id);
    }
  }

  /**
   * Takes the next run that may start now (the group's limit, the global cap, the admission, the
   * batch policy), marks it running and returns it; undefined when none may. Without `groupIds`
   * every group is visited round-robin (so one busy group cannot starve the others), else the
   * listed ones in that order. `maxBatch` caps a batch (what fits the claimer).
   */
  claim(groupIds?: readonly string[], maxBatch = Number.POSITIVE_INFINITY): LineRun | undefined {
    const run = this.take(groupIds, maxBatch);
    // Only claimed runs are found by id (complete); the line's own worker holds its runs itself.
    if (run) this.claimed.set(run.id, run);
    return run?.handed;
  }

  /** A claimed run's progress, log or partial value for one of its jobs; false when that job is no longer running. */
  emit(runId: string, jobId: string, event: RunEventOf<unknown>): boolean {
    const job = this.jobs.get(jobId);
    if (job?.state !== 'running' || job.run?.id !== runId) return false;
    this.reporter.sink.event(jobId, event);
    return true;
  }

  /** Ends a claimed run: one value per job (in order), or an error for all; false when the run is unknown. */
  complete(runId: string, values: readonly unknown[] | undefined, error?: unknown, cold = false): boolean {
    const run = this.claimed.get(runId);
    if (!run) return false;
    this.claimed.delete(runId);
    if (cold) run.cold = true;
    this.finish(run, values, values === undefined ? (error ?? new Error('failed')) : undefined);
    return true;
  }

  private take(groupIds: readonly string[] | undefined, maxBatch: number): Run | undefined {
    if (this.closed) return undefined;
    const listed = groupIds && this.groups.listed(groupIds);
    const count = listed ? listed.length : this.groups.list.length;
    for (let visited = 0; visited < count && this.runningCount < this.maxRunning; visited++) {
      const group = listed ? (listed[visited] as Group) : this.groups.next();
      const members = group.ready && admits(this.options.admission, group) ? this.nextRun(group, maxBatch) : undefined;
      if (!members) continue;
      for (const job of members) group.waiting.serve(job);
      this.waitingCount -= members.length;
      const run = this.start(group, members);
      this.announcer.mark(group, true);
      return run;
    }
    return undefined;
  }

  /** Hands ready runs to the line's run function, or tells claimers there may be work. */
  private dispatch(): void {
    if (this.closed) return;
    const { execute } = this;
    if (!execute) {
      for (const group of this.groups.list) if (group.ready) for (const listener of [...this.workListeners]) listener(group.id);
      return;
    }
    for (let run = this.take(undefined, Number.POSITIVE_INFINITY); run; run = this.take(undefined, Number.POSITIVE_INFINITY)) {
      handRun(execute, run, this.onRunEnded);
    }
  }

  /** The jobs of the group's next run, or undefined when its head batch is waiting to fill. */
  private nextRun(group: Group, maxBatch: number): Job[] | undefined {
    const now = this.now();
    const plan = planRun(group, maxBatch, now, this.policies.lookup);
    if (!('waitMs' in plan)) return plan.length > 0 ? plan : undefined;
    this.batchWake.at(now + plan.waitMs);
    return undefined;
  }

  private start(group: Group, members: Job[]): Run {
    const run = openRun(String(++this.runSeq), group, members, this.now());
    group.running.add(run);
    this.runningCount++;
    this.reporter.started(run, this.stats.meanMs(run.statsKey));
    return run;
  }

  private finish(run: Run, values: readonly unknown[] | undefined, error: unknown): void {
    run.group.running.delete(run);
    this.runningCount--;
    const duration = this.now() - run.startedAt;
    const ok = error === undefined && !run.controller.signal.aborted;
    // A cold run's time is mostly the worker's start: it would make every later estimate wrong.
    if (ok && !run.cold) {
      this.stats.record(run.statsKey, duration);
      const batch = run.members[0]?.data.batch;
      if (batch) this.policies.of(batch.key).record(run.members.length, duration);
    }
    this.reporter.runEnded(run, values, error, ok, duration);
    this.dispatch();
  }
}
