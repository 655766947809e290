import { setTimeout as sleep } from 'node:timers/promises';
import { toAppError } from '../../../preload/shared/errors.js';
import type { Disposable } from '../../common/disposable.js';
import { silentLogger, type Logger } from '../../common/logger.js';
import type { ClaimedRun, QueueWorker } from '../queue-types.js';
import { Backoff } from './backoff.js';
import { Heartbeat } from './heartbeat.js';
import { localJobValues, type JobValues } from './job-values.js';
import { RunExecution, type RunExecutionDeps, type RunOutcome } from './run-execution.js';
import type { ServedGroup } from './worker-capabilities.js';
import { Waker } from './waker.js';

export interface WorkerLoopOptions {
  readonly queue: QueueWorker;
  readonly engine: RunExecutionDeps['engine'];
  readonly workerId: string;
  readonly groups: readonly ServedGroup[];
  /** Runs held at once across all groups (each group's own limit applies too). */
  readonly maxRuns: number;
  /** The queue's lease (QueueSettings.leaseMs): heartbeats come every third of it. */
  readonly leaseMs: number;
  /** The longest sleep between claims when no `work` message comes (pub/sub only hurries). Default 1 s. */
  readonly pollMs?: number;
  readonly values?: JobValues;
  readonly logger?: Logger;
  /** Hears each run's end (the CLI's log line; tests). */
  readonly onRunEnd?: (run: ClaimedRun, outcome: RunOutcome | 'error') => void;
}

/**
 * A worker's claim loop (issue 18, item 4): claims runs of the groups it serves while it has room
 * (its `maxRuns`, each group's limit), runs each on the local engine (RunExecution), and claims
 * again when a run ends, a `work` message names one of its groups, or `pollMs` passes. Cancels
 * reach the runs by pub/sub and, as a backstop, by heartbeat. A claim that fails is retried with
 * backoff; while Redis is away the client's commands wait for the reconnect, so the loop simply
 * stops claiming and heart-beating until it is back (docs/scale-out.md, "Failure modes").
 */
export class WorkerLoop {
  private readonly running = new Map<string, { execution: RunExecution; done: Promise<void> }>();
  private readonly perGroup = new Map<string, number>();
  private readonly limits: ReadonlyMap<string, number | null>;
  private order: string[];
  private readonly waker = new Waker();
  private readonly backoff = new Backoff();
  private readonly stopping = new AbortController();
  private readonly subscriptions: Disposable[] = [];
  private readonly heartbeat: Heartbeat;
  private readonly logger: Logger;
  private loopDone: Promise<void> | undefined;

  constructor(private readonly options: WorkerLoopOptions) {
    this.logger = options.logger ?? silentLogger;
    this.limits = new Map(options.groups.map((group) => [group.id, group.limit]));
    this.order = options.groups.map((group) => group.id);
    this.heartbeat = new Heartbeat({
      queue: options.queue,
      workerId: options.workerId,
      leaseMs: options.leaseMs,
      held: () => [...this.running.keys()],
      onReply: (reply) => {
        for (const runId of reply.lost) this.running.get(runId)?.execution.loseLease();
        for (const { runId, jobId } of reply.cancelled) this.running.get(runId)?.execution.cancel(jobId);
      },
      logger: this.logger,
    });
  }

  /** Runs held now (run ids). */
  get held(): readonly string[] {
    return [...this.running.keys()];
  }

  async start(): Promise<void> {
    const { queue, workerId } = this.options;
    this.subscriptions.push(await queue.onCancel(workerId, (runId, jobId) => this.running.get(runId)?.execution.cancel(jobId)));
    this.subscriptions.push(
      await queue.onWork((groupId) => {
        if (this.limits.has(groupId)) this.waker.wake();
      }),
    );
    this.heartbeat.start();
    this.loopDone = this.loop();
  }

  /** Stops claiming, lets the runs it holds finish and be delivered, then lets go of the queue. */
  async stop(): Promise<void> {
    this.stopping.abort();
    this.waker.wake();
    await this.loopDone;
    await Promise.all([...this.running.values()].map((entry) => entry.done));
    await this.heartbeat.stop();
    for (const subscription of this.subscriptions.splice(0)) await subscription.dispose();
  }

  private async loop(): Promise<void> {
    const pollMs = this.options.pollMs ?? 1000;
    while (!this.stopping.signal.aborted) {
      const groups = this.claimable();
      const run = groups.length === 0 ? null : await this.tryClaim(groups);
      if (run === undefined) continue;
      if (run === null) await this.waker.wait(pollMs);
      else this.begin(run);
    }
  }

  /** Groups with room on this worker, in its order of preference (a group just served goes last). */
  private claimable(): string[] {
    if (this.running.size >= this.options.maxRuns) return [];
    return this.order.filter((id) => {
      const limit = this.limits.get(id) ?? null;
      return limit === null || (this.perGroup.get(id) ?? 0) < limit;
    });
  }

  /** The claimed run, null when there is nothing to do, undefined after a failure (already backed off). */
  private async tryClaim(groups: readonly string[]): Promise<ClaimedRun | null | undefined> {
    try {
      const run = await this.options.queue.claim({ workerId: this.options.workerId, groups });
      if (this.backoff.streak > 0) this.logger.info('claiming again');
      this.backoff.reset();
      return run;
    } catch (error) {
      const waitMs = this.backoff.next();
      if (this.backoff.streak === 1) this.logger.warn(`a claim failed (${toAppError(error).message}); retrying with backoff`);
      await sleep(waitMs, undefined, { signal: this.stopping.signal }).catch(() => undefined);
      return undefined;
    }
  }

  private begin(run: ClaimedRun): void {
    const { queue, engine, onRunEnd } = this.options;
    const execution = new RunExecution(run, { queue, engine, values: this.options.values ?? localJobValues, logger: this.logger });
    this.perGroup.set(run.groupId, (this.perGroup.get(run.groupId) ?? 0) + 1);
    this.order = [...this.order.filter((id) => id !== run.groupId), run.groupId];
    this.logger.info(`claimed run ${run.runId} of group ${run.groupId}: job(s) ${run.jobs.map((job) => job.id).join(', ')}`);
    const done = execution
      .execute()
      .then(
        (outcome) => onRunEnd?.(run, outcome),
        (error: unknown) => {
          // Its lease runs out and the queue requeues or fails its jobs: nothing is stuck.
          this.logger.error(`run ${run.runId} could not be completed: ${toAppError(error).message}`);
          onRunEnd?.(run, 'error');
        },
      )
      .finally(() => {
        this.running.delete(run.runId);
        this.perGroup.set(run.groupId, (this.perGroup.get(run.groupId) ?? 1) - 1);
        this.waker.wake();
      });
    this.running.set(run.runId, { execution, done });
  }
}
