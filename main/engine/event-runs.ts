import { AppError } from '../../preload/shared/errors.js';
import type { Logger } from '../common/logger.js';
import type { App, AppEvent } from '../../preload/shared/project/normalize.js';
import type { RunEventOf } from '../queue/job-events.js';
import type { LineJob, LineRun } from '../scheduler/scheduler-types.js';
import { toComponentValue } from './adapt-values.js';
import type { EventData } from './event-data.js';
import type { FunctionRunner } from './function-runner.js';
import { copyRunFiles } from './run-files.js';

/** Reports a job's progress, log line or partial value to the queue; false once the job is no longer running. */
export type EmitRunEvent = (runId: string, jobId: string, event: RunEventOf<unknown>) => boolean;

/**
 * The worker side of the engine: a run handed out by the queue (a job, or a batch of one event's
 * jobs) is run by looking its event up BY NAME in this project and calling the function runner;
 * the result is spread over the event's outputs and shaped for each output component. Progress,
 * logs and partial values go back to the queue as events of the job (keyed by its id), never
 * through closures the job carries: a job is data.
 */
export class EventRuns {
  private readonly byName: ReadonlyMap<string, AppEvent>;

  constructor(
    private readonly app: App,
    private readonly runner: FunctionRunner,
    private readonly emit: EmitRunEvent,
    private readonly logger: Logger,
  ) {
    this.byName = new Map(app.events.map((event) => [event.apiName, event]));
  }

  /** One value (the event's outputs) per job of the run, in order. */
  async run(run: LineRun): Promise<unknown[]> {
    const [head] = run.jobs;
    const event = head ? this.byName.get(head.event) : undefined;
    if (!head || !event)
      throw new AppError('NOT_FOUND', `No event "${head?.event ?? ''}" in this project (its queue has a job of another).`);
    if (head.batch) return this.runEventBatch(event, run);
    return [await this.withCrashRetry(event, run, head, () => this.runEventOnce(event, run, head))];
  }

  /**
   * `retryOnCrash`: a run whose worker died (WORKER_CRASHED) runs once more, on the restarted
   * worker (its jobs wait for the restart). Never after a cancel (the signal is checked, and a
   * cancelled job never fails with WORKER_CRASHED), never a second time, and not after a limit
   * (LIMIT_EXCEEDED) or a pause (WORKER_PAUSED), which would only fail again.
   */
  private async withCrashRetry<T>(event: AppEvent, run: LineRun, job: LineJob | undefined, attempt: () => Promise<T>): Promise<T> {
    try {
      return await attempt();
    } catch (error) {
      if (!event.retryOnCrash || run.signal.aborted || !(error instanceof AppError) || error.code !== 'WORKER_CRASHED') throw error;
      const note = `Running "${event.apiName}" once more (retryOnCrash) after its worker died: ${error.message}`;
      this.logger.warn(note);
      if (job)
        this.emit(run.runId, job.id, { type: 'log', message: 'The worker crashed; running once more (retryOnCrash).', level: 'warning' });
      return attempt();
    }
  }

  private async runEventOnce(event: AppEvent, run: LineRun, job: LineJob): Promise<unknown[]> {
    const { runId } = run;
    const result = await this.runner.run(event.fn, job.inputs, {
      signal: run.signal,
      onColdStart: () => run.context.coldStart(),
      // The engine put it there (RunRequest.eventData): the job's data keeps what the trigger sent.
      ...(job.eventData !== undefined ? { event: job.eventData as EventData } : {}),
      ...(job.outputDir !== undefined ? { outputDir: job.outputDir } : {}),
      onProgress: (update) => this.emit(runId, job.id, { type: 'progress', ...update }),
      onLog: (message, level) => this.emit(runId, job.id, { type: 'log', message, level }),
      onPartial: (value: unknown) => {
        const outputs = this.spread(event, value, false);
        if (outputs) this.emit(runId, job.id, { type: 'partial', outputs });
      },
    });
    return this.spread(event, result, true) ?? [];
  }

  /**
   * One call for several jobs, so one `ctx.outputDir`: the first job's. Files written there for
   * the other jobs are copied into their own folders, where each job's results must live.
   */
  private async runEventBatch(event: AppEvent, run: LineRun): Promise<unknown[][]> {
    const { jobs } = run;
    const shared = jobs[0]?.outputDir;
    const inputs = jobs.map((job) => job.inputs);
    const results = await this.withCrashRetry(event, run, undefined, () =>
      this.runner.runBatch(event.fn, inputs, event.outputs.length, {
        signal: run.signal,
        onColdStart: () => run.context.coldStart(),
        ...(shared !== undefined ? { outputDir: shared } : {}),
      }),
    );
    const outputs = results.map((result) => this.spread(event, result, true) ?? []);
    if (shared === undefined) return outputs;
    return Promise.all(
      outputs.map(async (values, i) => {
        const own = jobs[i]?.outputDir;
        return i === 0 || own === undefined ? values : ((await copyRunFiles(values, shared, own)) as unknown[]);
      }),
    );
  }

  /**
   * One value per output: a single output takes the whole result; several outputs need an array
   * of that length (a JS function returns `[a, b]`, a parallel function one value per member).
   * Partials of the wrong shape are dropped; a final result of the wrong shape is an error.
   */
  private spread(event: AppEvent, value: unknown, final: boolean): unknown[] | undefined {
    const types = event.outputs.map((key) => this.app.components.get(key)?.type ?? 'json');
    if (types.length === 0) return [];
    if (types.length === 1) return [toComponentValue(types[0] ?? 'json', value)];
    if (Array.isArray(value) && value.length === types.length) {
      return value.map((item, i) => toComponentValue(types[i] ?? 'json', item));
    }
    if (!final) return undefined;
    const got = Array.isArray(value) ? `an array of ${value.length}` : typeof value;
    throw new AppError(
      'FUNCTION_FAILED',
      `Function "${event.fn}" returned ${got}, but "${event.apiName}" has ${types.length} outputs (${event.outputs.join(', ')}): return an array with one value per output.`,
    );
  }
}
