import { randomUUID } from 'node:crypto';
import { AppError, CancelledError, isCancelled, toAppError } from '../../preload/shared/errors.js';
import type { QueuePosition } from '../engine/types.js';
import { AdaptiveBatchPolicy } from './adaptive-batch-policy.js';
import { after } from './after.js';
import { Announcer } from './announcer.js';
import type { BatchPolicy } from './batch-policy.js';
import { ConcurrencyGroup } from './concurrency-group.js';
import { rankEtas } from './eta.js';
import { transition, type JobState } from './job.js';
import { RunStats } from './run-stats.js';
import type { SchedulerEvents } from './scheduler-events.js';
import { TypedEvents } from '../common/typed-events.js';
import type { EstimateCaller, JobSpec, SchedulerOptions } from './job-spec.js';

export type { Admission, BatchSpec, EstimateCaller, JobSpec, RunContext, SchedulerOptions } from './job-spec.js';

/**
 * The queue every call goes through (one door): concurrency groups with limits, a fair waiting
 * line per group (priority, then round-robin across sessions, FIFO within one), a global cap on
 * running work, an optional admission check (GPU memory), `maxSize` admission, batching (with a
 * batch policy per event), cancellation while queued or running, and Gradio-style estimations,
 * coalesced per event-loop turn (see Announcer).
 * See docs/engine.md.
 */

interface Job {
  readonly id: string;
  readonly spec: JobSpec<unknown>;
  readonly group: Group;
  readonly sessionId: string;
  readonly priority: 'high' | 'normal';
  readonly enqueuedAt: number;
  readonly settle: { resolve: (value: unknown) => void; reject: (error: AppError) => void };
  state: JobState;
  run: Run | undefined;
  detach: () => void;
  /** The last estimation sent to this job (none is re-sent unchanged). */
  announced: QueuePosition | undefined;
}

/** One slot's worth of work: a single job or a batch. */
interface Run {
  readonly members: Job[];
  readonly controller: AbortController;
  readonly startedAt: number;
  readonly statsKey: string;
  /** It waited for a worker to start or a model to load (RunContext.coldStart): not a run time. */
  cold: boolean;
}

type Group = ConcurrencyGroup<Job, Run>;

/** A before-you-submit estimate: the position a job would get, and whether a slot is free for it now. */
export interface Estimation extends QueuePosition {
  /** False when the group (or the global cap) has every slot busy: even rank 0 waits for a run to end. */
  readonly slotFree: boolean;
}

/** Lines up to this long tell a joiner its position during submit (walking them costs < 0.1 ms). */
const SYNC_ESTIMATE_LINE = 256;

export class Scheduler {
  readonly stats: RunStats;
  /** queued / started / finished, for metrics, the server and the UI. */
  readonly events = new TypedEvents<SchedulerEvents>();
  private readonly groups = new Map<string, Group>();
  private readonly policies = new Map<string, BatchPolicy>();
  private readonly now: () => number;
  private readonly maxRunning: number;
  private waitingCount = 0;
  private runningCount = 0;
  private cursor = 0;
  private closed = false;
  private batchWake: { at: number; cancel: () => void } | undefined;
  private readonly announcer: Announcer<Group>;

  constructor(private readonly options: SchedulerOptions) {
    this.stats = options.stats ?? new RunStats();
    this.now = options.now ?? (() => performance.now());
    this.maxRunning = options.maxRunning ?? 40;
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

  /** The batch policy of a key (for estimates and tests). */
  policy(key: string): BatchPolicy {
    let policy = this.policies.get(key);
    if (!policy) {
      policy = this.options.batchPolicy?.(key) ?? new AdaptiveBatchPolicy();
      this.policies.set(key, policy);
    }
    return policy;
  }

  /** Admits a job or throws QUEUE_FULL / CANCELLED synchronously. */
  submit<T>(spec: JobSpec<T>): { readonly id: string; readonly result: Promise<T> } {
    if (this.closed) throw new AppError('CANCELLED', 'The app is shutting down; no new jobs are accepted.');
    if (spec.signal.aborted) throw new CancelledError();
    const { maxSize } = this.options;
    // maxSize protects the owner: API callers and share-link visitors fill it, the app window's jobs are still admitted.
    if (maxSize !== null && spec.priority !== 'high' && this.waitingCount >= maxSize) {
      throw new AppError('QUEUE_FULL', `Queue is full. Max size is ${maxSize} and size is ${this.waitingCount}. Try again shortly.`);
    }
    const group = this.group(spec.groupId, spec.limit);
    let settle!: Job['settle'];
    const result = new Promise<T>((resolve, reject) => {
      settle = { resolve: resolve as (value: unknown) => void, reject };
    });
    const job: Job = {
      id: randomUUID().replaceAll('-', ''),
      spec,
      group,
      sessionId: spec.sessionId ?? '',
      priority: spec.priority ?? 'normal',
      enqueuedAt: this.now(),
      settle,
      state: 'queued',
      run: undefined,
      detach: () => undefined,
      announced: undefined,
    };
    const onAbort = (): void => this.cancel(job);
    spec.signal.addEventListener('abort', onAbort, { once: true });
    job.detach = () => spec.signal.removeEventListener('abort', onAbort);
    if (spec.batch) this.policy(spec.batch.key).arrived(job.enqueuedAt);
    group.waiting.push(job);
    this.waitingCount++;
    this.events.emit('queued', { jobId: job.id, key: spec.statsKey, groupId: group.id, sessionId: job.sessionId });
    // A joiner of a short line hears its position at once, as in Gradio; a long line is not walked
    // on every join, and the joiner hears on the next turn (see Announcer).
    if (group.waiting.length <= SYNC_ESTIMATE_LINE) this.broadcast(group, false);
    else this.announcer.mark(group, false);
    this.dispatch();
    return { id: job.id, result };
  }

  /**
   * "Before you submit": the position a new job of `statsKey` from `caller` would get in `groupId`
   * (after priority and the round-robin across sessions: a new session's first job waits for one
   * job per session, not for the whole line), the queue size it would see, and its ETA (null until
   * the functions involved have run), and whether a slot is free for it (rank 0 with every slot
   * busy still waits for a run to end). Without a session, the caller is a session with nothing
   * waiting. O(sessions + rank), not O(line).
   */
  estimate(groupId: string, limit: number | null, statsKey: string, caller: EstimateCaller = {}): Estimation {
    const group = this.groups.get(groupId);
    const rank = group ? group.waiting.rankFor(caller.priority ?? 'normal', caller.sessionId) : 0;
    const ahead = group ? group.waiting.order(rank).map((job) => job.spec) : [];
    const etas = this.lineEtas(group, group ? group.limit : limit, [...ahead, { statsKey }]);
    const slotFree = !(group?.saturated ?? false) && this.runningCount < this.maxRunning;
    return { rank, queueSize: (group?.waiting.length ?? 0) + 1, etaMs: etas.at(-1) ?? null, slotFree };
  }

  /** Starts whatever may start now: the admission calls this when its answer may have changed. */
  wake(): void {
    this.dispatch();
  }

  /** Rejects waiting jobs and aborts running ones; the scheduler accepts nothing afterwards. */
  close(): void {
    this.closed = true;
    this.batchWake?.cancel();
    this.batchWake = undefined;
    this.announcer.cancelAll();
    for (const group of this.groups.values()) {
      for (const job of group.waiting.order()) this.cancel(job);
      for (const run of [...group.running]) for (const job of run.members) this.cancel(job);
    }
  }

  private group(id: string, limit: number | null): Group {
    let group = this.groups.get(id);
    if (!group) {
      group = new ConcurrencyGroup<Job, Run>(id, limit);
      this.groups.set(id, group);
    } else {
      group.join(limit);
    }
    return group;
  }

  private cancel(job: Job): void {
    if (job.state === 'queued') {
      job.group.waiting.remove(job);
      this.waitingCount--;
      this.settleCancelled(job);
      if (!this.closed) this.announcer.mark(job.group, true);
      this.dispatch();
    } else if (job.state === 'running' && job.run) {
      const { run } = job;
      if (run.members.length === 1) {
        // The run sees the abort and settles; `finish` records the outcome.
        run.controller.abort();
        return;
      }
      // A member of a batch leaves at once; the batch stops only when nobody is left in it.
      this.settleCancelled(job);
      if (run.members.every((member) => member.state !== 'running')) run.controller.abort();
    }
  }

  private settleCancelled(job: Job): void {
    job.state = transition(job.state, 'cancel');
    job.detach();
    this.reportFinished(job, 'cancelled');
    job.settle.reject(new CancelledError());
  }

  private reportFinished(job: Job, outcome: SchedulerEvents['finished']['outcome']): void {
    const { run } = job;
    this.events.emit('finished', {
      jobId: job.id,
      key: job.spec.statsKey,
      outcome,
      waitMs: run ? run.startedAt - job.enqueuedAt : null,
      runMs: run ? this.now() - run.startedAt : null,
      batchSize: run ? run.members.length : 0,
    });
  }

  /** Starts ready work, visiting groups round-robin so one busy group cannot starve the others. */
  private dispatch(): void {
    if (this.closed) return;
    const groups = [...this.groups.values()];
    let idle = 0;
    while (this.runningCount < this.maxRunning && groups.length > 0 && idle < groups.length) {
      const group = groups[this.cursor++ % groups.length] as Group;
      const members = group.ready && this.admits(group) ? this.nextRun(group) : undefined;
      if (!members) {
        idle++;
        continue;
      }
      idle = 0;
      for (const job of members) group.waiting.remove(job);
      this.waitingCount -= members.length;
      this.start(group, members);
      this.announcer.mark(group, true);
    }
  }

  /** The admission's answer for the group's head; never asked (always yes) when the group is idle. */
  private admits(group: Group): boolean {
    const { admission } = this.options;
    const [head] = group.waiting.order(1);
    if (!admission || !head || group.running.size === 0) return true;
    return admission(group.id, head.spec.statsKey, group.running.size);
  }

  /** The jobs of the group's next run, or undefined when its head batch is waiting to fill. */
  private nextRun(group: Group): Job[] | undefined {
    const [head] = group.waiting.order(1);
    const batch = head?.spec.batch;
    if (!head || !batch) return head ? [head] : undefined;
    // At most one full batch is looked at, so a long line costs no more than a short one.
    const compatible: Job[] = [];
    let oldest = head.enqueuedAt;
    for (const job of group.waiting.inOrder()) {
      if (job.spec.batch?.key !== batch.key) continue;
      compatible.push(job);
      oldest = Math.min(oldest, job.enqueuedAt);
      if (compatible.length >= batch.maxSize) break;
    }
    const now = this.now();
    const plan = this.policy(batch.key).plan({
      waiting: compatible.length,
      maxSize: batch.maxSize,
      oldestWaitMs: now - oldest,
      nowMs: now,
    });
    if ('waitMs' in plan) {
      this.wakeAt(now + plan.waitMs);
      return undefined;
    }
    return compatible.slice(0, Math.max(1, plan.take));
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

  private start(group: Group, members: Job[]): void {
    const head = members[0] as Job;
    const run: Run = { members, controller: new AbortController(), startedAt: this.now(), statsKey: head.spec.statsKey, cold: false };
    const context = {
      coldStart: (): void => {
        run.cold = true;
      },
    };
    group.running.add(run);
    this.runningCount++;
    const etaMs = this.stats.meanMs(run.statsKey);
    this.events.emit('started', {
      jobIds: members.map((job) => job.id),
      key: run.statsKey,
      groupId: group.id,
      waitMs: members.map((job) => run.startedAt - job.enqueuedAt),
    });
    for (const job of members) {
      job.state = transition(job.state, 'start');
      job.run = run;
      job.spec.onStart?.({ etaMs });
    }
    const batch = head.spec.batch;
    const work = (): Promise<readonly unknown[]> =>
      batch
        ? batch.runBatch(
            members.map((job) => job.spec.batch?.input),
            run.controller.signal,
            context,
          )
        : head.spec.run(run.controller.signal, context).then((value) => [value]);
    let running: Promise<readonly unknown[]>;
    try {
      running = work();
    } catch (error) {
      running = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    running.then(
      (values) => this.finish(group, run, values, undefined),
      (error: unknown) => this.finish(group, run, undefined, error ?? new Error('failed')),
    );
  }

  private finish(group: Group, run: Run, values: readonly unknown[] | undefined, error: unknown): void {
    group.running.delete(run);
    this.runningCount--;
    const duration = this.now() - run.startedAt;
    const ok = error === undefined && !run.controller.signal.aborted;
    // A cold run's time is mostly the worker's start: it would make every later estimate wrong.
    if (ok && !run.cold) {
      this.stats.record(run.statsKey, duration);
      const batch = run.members[0]?.spec.batch;
      if (batch) this.policy(batch.key).record(run.members.length, duration);
    }
    run.members.forEach((job, i) => {
      if (job.state !== 'running') return; // left the batch already
      job.detach();
      if (ok && values && i < values.length) {
        job.state = transition(job.state, 'complete');
        this.reportFinished(job, 'completed');
        job.settle.resolve(values[i]);
      } else if (run.controller.signal.aborted || isCancelled(error)) {
        job.state = transition(job.state, 'cancel');
        this.reportFinished(job, 'cancelled');
        job.settle.reject(new CancelledError());
      } else {
        job.state = transition(job.state, 'fail');
        this.reportFinished(job, 'failed');
        const reason = ok
          ? new AppError('FUNCTION_FAILED', `A batch of ${run.members.length} returned ${values?.length ?? 0} results.`)
          : error;
        job.settle.reject(toAppError(reason, 'FUNCTION_FAILED'));
      }
    });
    this.dispatch();
  }

  /**
   * Sends the group's waiting jobs their estimation: all of them when the line moved, else only
   * those that never had one; never one a job already has. Returns the line's length.
   */
  private broadcast(group: Group, moved: boolean): number {
    const line = group.waiting.order();
    const etas = this.lineEtas(
      group,
      group.limit,
      line.map((job) => job.spec),
    );
    line.forEach((job, rank) => {
      const position: QueuePosition = { rank, queueSize: line.length, etaMs: etas[rank] ?? null };
      const last = job.announced;
      if (last && (!moved || (last.rank === rank && last.queueSize === position.queueSize && last.etaMs === position.etaMs))) return;
      job.announced = position;
      job.spec.onQueue?.(position);
    });
    return line.length;
  }

  /** ETAs for a waiting line (in order), given what the group is running now. */
  private lineEtas(
    group: Group | undefined,
    limit: number | null,
    line: readonly Pick<JobSpec<unknown>, 'statsKey' | 'batch'>[],
  ): (number | null)[] {
    return rankEtas({
      now: this.now(),
      limit,
      running: group ? [...group.running].map((run) => ({ startedAt: run.startedAt, meanMs: this.stats.meanMs(run.statsKey) })) : [],
      waitingMeans: line.map((spec) => this.stats.meanMs(spec.statsKey)),
      batchSizes: line.map((spec) => spec.batch?.maxSize ?? 1),
    });
  }
}
