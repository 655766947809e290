import { AppError, CancelledError, toAppError } from '../../../preload/shared/errors.js';
import type { Logger } from '../../common/logger.js';
import { eventData as eventDataSchema, type EventData } from '../../engine/event-data.js';
import type { Engine } from '../../engine/types.js';
import type { JsonValue, QueueJob } from '../job-data.js';
import type { RunEvent } from '../job-events.js';
import type { ClaimedRun, JobResult, QueueWorker } from '../queue-types.js';
import type { JobValues } from './job-values.js';

const asList = (value: JsonValue): JsonValue[] => (Array.isArray(value) ? [...(value as JsonValue[])] : [value]);

export interface RunExecutionDeps {
  readonly queue: Pick<QueueWorker, 'emit' | 'complete'>;
  readonly engine: Pick<Engine, 'app' | 'run' | 'estimate'>;
  readonly values: JobValues;
  readonly logger: Logger;
}

/** How a run ended on this worker. `lost`: its lease went (requeued or failed elsewhere), nothing was delivered. */
export type RunOutcome = 'delivered' | 'lost';

/**
 * One claimed run on the local engine: every job of it submitted to the engine at once (a batch's
 * jobs are batched again by the engine's own scheduler), its progress, logs and partials appended
 * to the job's stream in the order they happened, then one `complete` with a result per job.
 * A cancel from any front aborts that job's signal; a lost lease aborts them all.
 */
export class RunExecution {
  private readonly controllers = new Map<string, AbortController>();
  /** Per job, the chain of its pending emits: events reach the stream in order, before its result. */
  private readonly emits = new Map<string, Promise<void>>();
  private lost = false;

  constructor(
    readonly run: ClaimedRun,
    private readonly deps: RunExecutionDeps,
  ) {
    for (const job of run.jobs) this.controllers.set(job.id, new AbortController());
  }

  get runId(): string {
    return this.run.runId;
  }

  /** A front cancelled this job (the queue already ended it `cancelled`): stop its run here. */
  cancel(jobId: string): void {
    const controller = this.controllers.get(jobId);
    if (!controller || controller.signal.aborted) return;
    this.deps.logger.info(`job ${jobId} of run ${this.runId} was cancelled: stopping it`);
    controller.abort(new CancelledError());
  }

  /** The lease is gone: whatever this worker reported now would be dropped, so stop at once. */
  loseLease(): void {
    if (this.lost) return;
    this.lost = true;
    this.deps.logger.warn(`run ${this.runId} is no longer this worker's (its lease expired): stopping it`);
    for (const controller of this.controllers.values()) controller.abort(new CancelledError('The run was lost (lease expired).'));
  }

  async execute(): Promise<RunOutcome> {
    const cold = this.run.jobs.some((job) => this.isCold(job));
    const results = await Promise.all(this.run.jobs.map((job) => this.runJob(job)));
    await Promise.all(this.emits.values());
    if (this.lost) return 'lost';
    return (await this.deps.queue.complete(this.run, results, { cold })) ? 'delivered' : 'lost';
  }

  private eventIndex(job: QueueJob): number | undefined {
    return this.deps.engine.app.events.find((event) => event.apiName === job.event)?.index;
  }

  /** A run that starts a model first is not a run time (RunStats): the estimate says whether one would. */
  private isCold(job: QueueJob): boolean {
    const index = this.eventIndex(job);
    return index !== undefined && this.deps.engine.estimate(index).coldStart;
  }

  private async runJob(job: QueueJob): Promise<JobResult> {
    const signal = this.controllers.get(job.id)?.signal ?? AbortSignal.abort(new CancelledError());
    try {
      const index = this.eventIndex(job);
      if (index === undefined) {
        const names = this.deps.engine.app.events.map((event) => event.apiName).join(', ');
        throw new AppError(
          'NOT_FOUND',
          `This worker's project has no event "${job.event}" (its events: ${names}): do the fronts and workers serve the same project.json?`,
        );
      }
      const eventData = this.eventData(job);
      const prepared = await this.deps.values.prepare(job);
      try {
        const outputs = await this.deps.engine.run({
          eventIndex: index,
          inputs: prepared.inputs,
          signal,
          sessionId: job.lane,
          // The queue already chose this job (priority, fairness, the group's limit across workers): here
          // it only runs. 'high' keeps the local scheduler from refusing it (queue.maxSize bounds normal
          // jobs only) when a claimed batch waits locally for its turn.
          priority: 'high',
          ...(eventData ? { eventData } : {}),
          ...(prepared.outputDir !== undefined ? { outputDir: prepared.outputDir } : {}),
          onProgress: (update) => this.emit(job, () => ({ ...update, type: 'progress', progress: update.progress ?? null })),
          onLog: (message, level) => this.emit(job, () => ({ type: 'log', message, level })),
          onPartial: (partial) => this.emit(job, async () => ({ type: 'partial', outputs: asList(await prepared.output(partial)) })),
        });
        return { ok: true, output: await prepared.output(outputs) };
      } finally {
        // Partials still converting read the job's files: its folder goes after them.
        await this.emits.get(job.id);
        await prepared.release();
      }
    } catch (error) {
      return { ok: false, error: toAppError(error).toPayload() };
    }
  }

  private eventData(job: QueueJob): EventData | undefined {
    if (job.eventData === undefined || job.eventData === null) return undefined;
    const parsed = eventDataSchema.safeParse(job.eventData);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw new AppError('INVALID_INPUT', `Job ${job.id}: eventData.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}.`);
  }

  /** Queues one event of a job behind its earlier ones; `make` runs in turn, so conversions keep the order too. */
  private emit(job: QueueJob, make: () => RunEvent | Promise<RunEvent>): void {
    const previous = this.emits.get(job.id) ?? Promise.resolve();
    const next = previous.then(async () => {
      if (this.lost || this.controllers.get(job.id)?.signal.aborted) return;
      try {
        // False: the job no longer runs in this run (cancelled, or the lease went): stop it.
        if (!(await this.deps.queue.emit(this.run, job.id, await make()))) this.cancel(job.id);
      } catch (error) {
        this.deps.logger.warn(`could not report an event of job ${job.id}: ${toAppError(error).message}`);
      }
    });
    this.emits.set(job.id, next);
  }
}
