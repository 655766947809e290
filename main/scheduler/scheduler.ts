import { AppError, isCancelled, toAppError } from '../../preload/shared/errors.js';
import type { QueuePosition } from '../engine/types.js';
import type { JobEventOf, RunEventOf } from '../queue/job-events.js';
import type { CancelOutcome } from '../queue/queue-types.js';
import { TypedEvents } from '../common/typed-events.js';
import { AdaptiveBatchPolicy } from './adaptive-batch-policy.js';
import { after } from './after.js';
import { Announcer } from './announcer.js';
import type { BatchPolicy } from './batch-policy.js';
import { ConcurrencyGroup } from './concurrency-group.js';
import { transition } from './job.js';
import { jobPosition, lineEtas, linePositions } from './line-estimates.js';
import { planRun } from './plan-run.js';
import type { Group, Job, Run } from './line-types.js';
import { RunStats } from './run-stats.js';
import type { SchedulerEvents } from './scheduler-events.js';
import type { EstimateCaller, JobEventSink, LineJob, LineRun, LineSubmission, RunJobs, SchedulerOptions } from './scheduler-types.js';

export type * from './scheduler-types.js';

/** One job's own failure among a run's values (a worker that completes a run job by job). */
export class JobFailure {
  constructor(readonly error: AppError) {}
}

/**
 * The in-process line every call goes through (one door): concurrency groups with limits, a fair
 * waiting line per group (priority, then round-robin across lanes, FIFO within one), a global cap
 * on running work, an optional admission check (GPU memory), `maxSize` admission, batching (with a
 * batch policy per event), cancellation while queued or running, and Gradio-style estimations,
 * coalesced per event-loop turn (see Announcer).
 *
 * Jobs are data (LineSubmission) and what happens to them are events keyed by job id (a
 * JobEventSink); runs are `claim`ed and `complete`d, by the line's own run function
 * (SchedulerOptions.run) as soon as they may start, or by whoever claims. The embedded queue
 * (main/queue/embedded/) puts the async queue interface in front of it. See docs/engine.md.
 */

/** A before-you-submit estimate: the position a job would get, and whether a slot is free for it now. */
export interface Estimation extends QueuePosition {
  /** False when the group (or the global cap) has every slot busy: even rank 0 waits for a run to end. */
  readonly slotFree: boolean;
}

/** Lines up to this long tell a joiner its position during submit (walking them costs < 0.1 ms). */
const SYNC_ESTIMATE_LINE = 256;

const NO_SINK: JobEventSink = { event: () => undefined, position: () => undefined };
const QUEUED: JobEventOf<unknown> = { type: 'queued' };
const CANCELLED: JobEventOf<unknown> = { type: 'cancelled' };

export class Scheduler {
  readonly stats: RunStats;
  /** queued / started / finished, for metrics, the server and the UI. */
  readonly events = new TypedEvents<SchedulerEvents>();
  private readonly groups = new Map<string, Group>();
  /** The groups in creation order, for the round-robin of `claim` (groups are never removed). */
  private readonly groupList: Group[] = [];
  private readonly jobs = new Map<string, Job>();
  /** Runs handed out by `claim` (not to the line's own worker), by run id, until completed. */
  private readonly claimed = new Map<string, Run>();
  private readonly policies = new Map<string, BatchPolicy>();
  private readonly workListeners = new Set<(groupId: string) => void>();
  private readonly now: () => number;
  private readonly maxRunning: number;
  private sink: JobEventSink;
  private execute: RunJobs | undefined;
  private waitingCount = 0;
  private runningCount = 0;
  private runSeq = 0;
  private cursor = 0;
  private closed = false;
  private batchWake: { at: number; cancel: () => void } | undefined;
  private readonly announcer: Announcer<Group>;

  constructor(private readonly options: SchedulerOptions) {
    this.stats = options.stats ?? new RunStats();
    this.now = options.now ?? (() => performance.now());
    this.maxRunning = options.maxRunning ?? 40;
    this.sink = options.sink ?? NO_SINK;
    this.execute = options.run;
    this.announcer = new Announcer((group, moved) => this.broadcast(group, moved), {
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
    let policy = this.policies.get(key);
    if (!policy) {
      policy = this.options.batchPolicy?.(key) ?? new AdaptiveBatchPolicy();
      this.policies.set(key, policy);
    }
    return policy;
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
    const group = this.group(submission.groupId, submission.limit);
    const data: LineJob = { ...submission, enqueuedAt: this.now() };
    const job: Job = {
      data,
      group,
      sessionId: data.lane,
      priority: data.priority,
      state: 'queued',
      run: undefined,
      announced: undefined,
    };
    this.jobs.set(data.id, job);
    if (data.batch) this.policy(data.batch.key).arrived(data.enqueuedAt);
    group.waiting.push(job);
    this.waitingCount++;
    this.events.emit('queued', { jobId: data.id, key: data.event, groupId: group.id, sessionId: job.sessionId });
    this.sink.event(data.id, QUEUED);
    // A joiner of a short line hears its position at once, as in Gradio; a long line is not walked
    // on every join, and the joiner hears on the next turn (see Announcer).
    if (group.waiting.length <= SYNC_ESTIMATE_LINE) this.broadcast(group, false);
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
      this.settleCancelled(job);
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
      this.settleCancelled(job);
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
    const group = this.groups.get(groupId);
    const rank = group ? group.waiting.rankFor(caller.priority ?? 'normal', caller.lane) : 0;
    const ahead = group ? group.waiting.order(rank).map((job) => job.data) : [];
    const etas = lineEtas(this.stats, this.now(), group, group ? group.limit : limit, [...ahead, { event, batch: null }]);
    const slotFree = !(group?.saturated ?? false) && this.runningCount < this.maxRunning;
    return { rank, queueSize: (group?.waiting.length ?? 0) + 1, etaMs: etas.at(-1) ?? null, slotFree };
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
    return new Map(
      linePositions(this.stats, this.now(), group, max).map(([job, position]): [string, QueuePosition] => [job.data.id, position]),
    );
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
    if (worker.sink) this.sink = worker.sink;
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
    this.batchWake?.cancel();
    this.batchWake = undefined;
    this.announcer.cancelAll();
    for (const group of this.groupList) {
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

  private take(groupIds: readonly string[] | undefined, maxBatch: number): Run | undefined {
    if (this.closed) return undefined;
    const listed = groupIds?.map((id) => this.groups.get(id)).filter((group) => group !== undefined);
    const groups = listed ?? this.groupList;
    for (let visited = 0; visited < groups.length && this.runningCount < this.maxRunning; visited++) {
      const group = (listed ? groups[visited] : groups[this.cursor++ % groups.length]) as Group;
      const members = group.ready && this.admits(group) ? this.nextRun(group, maxBatch) : undefined;
      if (!members) continue;
      for (const job of members) group.waiting.remove(job);
      this.waitingCount -= members.length;
      const run = this.start(group, members);
      this.announcer.mark(group, true);
      return run;
    }
    return undefined;
  }

  /** A claimed run's progress, log or partial value for one of its jobs; false when that job is no longer running. */
  emit(runId: string, jobId: string, event: RunEventOf<unknown>): boolean {
    const job = this.jobs.get(jobId);
    if (job?.state !== 'running' || job.run?.id !== runId) return false;
    this.sink.event(jobId, event);
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

  private group(id: string, limit: number | null): Group {
    let group = this.groups.get(id);
    if (!group) {
      group = new ConcurrencyGroup<Job, Run>(id, limit);
      this.groups.set(id, group);
      this.groupList.push(group);
    } else {
      group.join(limit);
    }
    return group;
  }

  private settleCancelled(job: Job): void {
    job.state = transition(job.state, 'cancel');
    this.reportFinished(job, 'cancelled');
    this.sink.event(job.data.id, CANCELLED);
  }

  private reportFinished(job: Job, outcome: SchedulerEvents['finished']['outcome']): void {
    const { run } = job;
    this.jobs.delete(job.data.id);
    this.events.emit('finished', {
      jobId: job.data.id,
      key: job.data.event,
      outcome,
      waitMs: run ? run.startedAt - job.data.enqueuedAt : null,
      runMs: run ? this.now() - run.startedAt : null,
      batchSize: run ? run.members.length : 0,
    });
  }

  /** Hands ready runs to the line's run function, or tells claimers there may be work. */
  private dispatch(): void {
    if (this.closed) return;
    const { execute } = this;
    if (!execute) {
      for (const group of this.groupList) if (group.ready) for (const listener of [...this.workListeners]) listener(group.id);
      return;
    }
    for (let run = this.take(undefined, Number.POSITIVE_INFINITY); run; run = this.take(undefined, Number.POSITIVE_INFINITY)) {
      const taken = run;
      let running: Promise<readonly unknown[]>;
      try {
        running = execute(taken.handed);
      } catch (error) {
        running = Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      running.then(
        (values) => this.finish(taken, values, undefined),
        (error: unknown) => this.finish(taken, undefined, error ?? new Error('failed')),
      );
    }
  }

  /** The admission's answer for the group's head; never asked (always yes) when the group is idle. */
  private admits(group: Group): boolean {
    const { admission } = this.options;
    const [head] = group.waiting.order(1);
    if (!admission || !head || group.running.size === 0) return true;
    return admission(group.id, head.data.event, group.running.size);
  }

  /** The jobs of the group's next run, or undefined when its head batch is waiting to fill. */
  private nextRun(group: Group, maxBatch: number): Job[] | undefined {
    const now = this.now();
    const plan = planRun(group, maxBatch, now, (key) => this.policy(key));
    if (!('waitMs' in plan)) return plan.length > 0 ? plan : undefined;
    this.wakeAt(now + plan.waitMs);
    return undefined;
  }

  /** Dispatches again at `at`; a time already reached means the next event-loop turn (setImmediate). */
  private wakeAt(at: number): void {
    if (this.batchWake && this.batchWake.at <= at) return;
    this.batchWake?.cancel();
    const wake = (): void => {
      this.batchWake = undefined;
      this.dispatch();
    };
    this.batchWake = { at, cancel: after(at - this.now(), wake) };
  }

  private start(group: Group, members: Job[]): Run {
    const head = members[0] as Job;
    const id = String(++this.runSeq);
    const controller = new AbortController();
    const startedAt = this.now();
    const context = {
      coldStart: (): void => {
        run.cold = true;
      },
    };
    const handed: LineRun = { runId: id, groupId: group.id, jobs: members.map((job) => job.data), signal: controller.signal, context };
    const run: Run = { id, group, members, controller, startedAt, statsKey: head.data.event, cold: false, handed };
    group.running.add(run);
    this.runningCount++;
    const etaMs = this.stats.meanMs(run.statsKey);
    this.events.emit('started', {
      jobIds: members.map((job) => job.data.id),
      key: run.statsKey,
      groupId: group.id,
      waitMs: members.map((job) => startedAt - job.data.enqueuedAt),
    });
    for (const job of members) {
      job.state = transition(job.state, 'start');
      job.run = run;
      this.sink.event(job.data.id, { type: 'started', etaMs, attempt: 1 });
    }
    return run;
  }

  private finish(run: Run, values: readonly unknown[] | undefined, error: unknown): void {
    const { group } = run;
    group.running.delete(run);
    this.runningCount--;
    const duration = this.now() - run.startedAt;
    const ok = error === undefined && !run.controller.signal.aborted;
    // A cold run's time is mostly the worker's start: it would make every later estimate wrong.
    if (ok && !run.cold) {
      this.stats.record(run.statsKey, duration);
      const batch = run.members[0]?.data.batch;
      if (batch) this.policy(batch.key).record(run.members.length, duration);
    }
    run.members.forEach((job, i) => {
      if (job.state !== 'running') return; // left the batch already
      const value = values?.[i];
      if (ok && values && i < values.length && !(value instanceof JobFailure)) {
        job.state = transition(job.state, 'complete');
        this.reportFinished(job, 'completed');
        this.sink.event(job.data.id, { type: 'completed', output: value, runMs: duration });
      } else if (run.controller.signal.aborted || isCancelled(error)) {
        this.settleCancelled(job);
      } else {
        job.state = transition(job.state, 'fail');
        this.reportFinished(job, 'failed');
        const reason =
          value instanceof JobFailure
            ? value.error
            : ok
              ? new AppError('FUNCTION_FAILED', `A batch of ${run.members.length} returned ${values?.length ?? 0} results.`)
              : error;
        // The AppError itself (an ErrorPayload by shape): in one process the caller gets the very error.
        this.sink.event(job.data.id, { type: 'failed', error: toAppError(reason, 'FUNCTION_FAILED') });
      }
    });
    this.dispatch();
  }

  /**
   * Sends the group's waiting jobs their estimation: all of them when the line moved, else only
   * those that never had one; never one a job already has. Returns the line's length.
   */
  private broadcast(group: Group, moved: boolean): number {
    const line = linePositions(this.stats, this.now(), group);
    if (moved) this.sink.moved?.(group.id);
    for (const [job, position] of line) {
      const last = job.announced;
      if (last && (!moved || (last.rank === position.rank && last.queueSize === position.queueSize && last.etaMs === position.etaMs))) {
        continue;
      }
      job.announced = position;
      this.sink.position(job.data.id, position);
    }
    return line.length;
  }
}
