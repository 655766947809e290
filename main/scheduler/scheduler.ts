import { randomUUID } from 'node:crypto';
import { AppError, CancelledError, isCancelled, toAppError } from '../common/errors.js';
import type { QueuePosition } from '../engine/types.js';
import { ConcurrencyGroup } from './concurrency-group.js';
import { rankEtas } from './eta.js';
import { transition, type JobState } from './job.js';
import { RunStats } from './run-stats.js';

/**
 * The queue every call goes through (one door): concurrency groups with FIFO order and limits,
 * a global cap on running jobs, `maxSize` admission, cancellation while queued or running, and
 * Gradio-style estimations (rank, queue size, ETA) re-sent to a group whenever it moves.
 */

export interface JobSpec<T> {
  readonly groupId: string;
  /** The member's concurrency limit (null = unlimited); see ConcurrencyGroup for the rule. */
  readonly limit: number | null;
  /** Run-time statistics key (the function name). */
  readonly statsKey: string;
  readonly signal: AbortSignal;
  readonly run: (signal: AbortSignal) => Promise<T>;
  readonly onQueue?: (position: QueuePosition) => void;
  readonly onStart?: (info: { readonly etaMs: number | null }) => void;
}

export interface SchedulerOptions {
  /** Refuse new jobs when this many are waiting (all groups); null = unbounded. */
  readonly maxSize: number | null;
  /** Global cap on running jobs across groups (Gradio's max_threads). */
  readonly maxRunning?: number;
  readonly now?: () => number;
  readonly stats?: RunStats;
}

interface Job {
  readonly id: string;
  readonly spec: JobSpec<unknown>;
  readonly group: ConcurrencyGroup<Job>;
  readonly controller: AbortController;
  readonly settle: { resolve: (value: unknown) => void; reject: (error: AppError) => void };
  state: JobState;
  startedAt: number;
  detach: () => void;
}

export class Scheduler {
  readonly stats: RunStats;
  private readonly groups = new Map<string, ConcurrencyGroup<Job>>();
  private readonly now: () => number;
  private readonly maxRunning: number;
  private waitingCount = 0;
  private runningCount = 0;
  private cursor = 0;
  private closed = false;

  constructor(private readonly options: SchedulerOptions) {
    this.stats = options.stats ?? new RunStats();
    this.now = options.now ?? (() => performance.now());
    this.maxRunning = options.maxRunning ?? 40;
  }

  get waiting(): number {
    return this.waitingCount;
  }

  get running(): number {
    return this.runningCount;
  }

  /** Admits a job or throws QUEUE_FULL / CANCELLED synchronously. */
  submit<T>(spec: JobSpec<T>): { readonly id: string; readonly result: Promise<T> } {
    if (this.closed) throw new AppError('CANCELLED', 'The app is shutting down; no new jobs are accepted.');
    if (spec.signal.aborted) throw new CancelledError();
    const { maxSize } = this.options;
    if (maxSize !== null && this.waitingCount >= maxSize) {
      throw new AppError('QUEUE_FULL', `Queue is full. Max size is ${maxSize} and size is ${this.waitingCount}. Try again shortly.`);
    }
    const group = this.group(spec.groupId, spec.limit);
    let settle!: Job['settle'];
    const result = new Promise<T>((resolve, reject) => {
      settle = { resolve: resolve as (value: unknown) => void, reject };
    });
    const job: Job = {
      id: randomUUID().replaceAll('-', ''),
      spec: spec as JobSpec<unknown>,
      group,
      controller: new AbortController(),
      settle,
      state: 'queued',
      startedAt: 0,
      detach: () => undefined,
    };
    const onAbort = (): void => this.cancel(job);
    spec.signal.addEventListener('abort', onAbort, { once: true });
    job.detach = () => spec.signal.removeEventListener('abort', onAbort);
    group.waiting.push(job);
    this.waitingCount++;
    this.announce(group, job);
    this.dispatch();
    return { id: job.id, result };
  }

  /** Rejects waiting jobs and aborts running ones; the scheduler accepts nothing afterwards. */
  close(): void {
    this.closed = true;
    for (const group of this.groups.values()) {
      for (const job of [...group.waiting, ...group.running]) this.cancel(job);
    }
  }

  private group(id: string, limit: number | null): ConcurrencyGroup<Job> {
    let group = this.groups.get(id);
    if (!group) {
      group = new ConcurrencyGroup<Job>(id, limit);
      this.groups.set(id, group);
    } else {
      group.join(limit);
    }
    return group;
  }

  private cancel(job: Job): void {
    if (job.state === 'queued') {
      job.group.remove(job);
      this.waitingCount--;
      job.state = transition(job.state, 'cancel');
      job.detach();
      job.settle.reject(new CancelledError());
      this.announce(job.group);
    } else if (job.state === 'running') {
      // The run sees the abort and settles; `finish` records the outcome.
      job.controller.abort();
    }
  }

  /** Starts ready jobs, visiting groups round-robin so one busy group cannot starve the others. */
  private dispatch(): void {
    const groups = [...this.groups.values()];
    let idle = 0;
    while (this.runningCount < this.maxRunning && groups.length > 0 && idle < groups.length) {
      const group = groups[this.cursor++ % groups.length] as ConcurrencyGroup<Job>;
      const job = group.ready ? group.waiting.shift() : undefined;
      if (!job) {
        idle++;
        continue;
      }
      idle = 0;
      this.waitingCount--;
      this.start(job);
      this.announce(group);
    }
  }

  private start(job: Job): void {
    job.state = transition(job.state, 'start');
    job.startedAt = this.now();
    job.group.running.add(job);
    this.runningCount++;
    job.spec.onStart?.({ etaMs: this.stats.meanMs(job.spec.statsKey) });
    let running: Promise<unknown>;
    try {
      running = job.spec.run(job.controller.signal);
    } catch (error) {
      running = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    running.then(
      (value) => this.finish(job, value, undefined),
      (error: unknown) => this.finish(job, undefined, error),
    );
  }

  private finish(job: Job, value: unknown, error: unknown): void {
    job.group.running.delete(job);
    this.runningCount--;
    job.detach();
    if (error === undefined && !job.controller.signal.aborted) {
      this.stats.record(job.spec.statsKey, this.now() - job.startedAt);
      job.state = transition(job.state, 'complete');
      job.settle.resolve(value);
    } else if (job.controller.signal.aborted || isCancelled(error)) {
      job.state = transition(job.state, 'cancel');
      job.settle.reject(new CancelledError());
    } else {
      job.state = transition(job.state, 'fail');
      job.settle.reject(toAppError(error, 'FUNCTION_FAILED'));
    }
    this.dispatch();
  }

  /** Sends estimations to the group's waiting jobs (or only to `only`, a job that just joined). */
  private announce(group: ConcurrencyGroup<Job>, only?: Job): void {
    const now = this.now();
    const etas = rankEtas({
      now,
      limit: group.limit,
      running: [...group.running].map((job) => ({ startedAt: job.startedAt, meanMs: this.stats.meanMs(job.spec.statsKey) })),
      waitingMeans: group.waiting.map((job) => this.stats.meanMs(job.spec.statsKey)),
    });
    group.waiting.forEach((job, rank) => {
      if (only && job !== only) return;
      job.spec.onQueue?.({ rank, queueSize: group.waiting.length, etaMs: etas[rank] ?? null });
    });
  }
}
