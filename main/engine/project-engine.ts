import type { Disposable } from '../common/disposable.js';
import { AppError } from '../../preload/shared/errors.js';
import { silentLogger, type Logger } from '../common/logger.js';
import type { LoadedProject } from '../project/load.js';
import type { App, AppEvent } from '../../preload/shared/project/normalize.js';
import { SchedulerMetrics, type KeyMetrics } from '../scheduler/metrics.js';
import type { RunContext, Scheduler } from '../scheduler/scheduler.js';
import { toComponentValue } from './adapt-values.js';
import type { FunctionRunner } from './function-runner.js';
import { copyRunFiles } from './run-files.js';
import type { Engine, EngineQueueStatus, RunHandle, RunRequest } from './types.js';

/** One job's part of a batch: its inputs and its own output folder. */
interface BatchItem {
  readonly inputs: readonly unknown[];
  readonly outputDir: string | undefined;
}

/**
 * The Engine: an event's inputs go through the scheduler (its concurrency group and limit) to the
 * function runner, and the result is spread over the event's outputs and shaped for each output
 * component. Nothing runs a function except through `submit`.
 */
export class ProjectEngine implements Engine {
  private readonly metricsCollector: SchedulerMetrics;
  private readonly logger: Logger;

  constructor(
    readonly loaded: LoadedProject,
    readonly app: App,
    private readonly scheduler: Scheduler,
    private readonly runner: FunctionRunner,
    /**
     * Disposed in order after the scheduler closes: GPU admission, then the runtime pool (every
     * worker). The editor's preview keeps its pool across engines, so it passes none.
     */
    private readonly owned: readonly Disposable[] = [],
    logger: Logger = silentLogger,
  ) {
    this.logger = logger.child('engine');
    this.metricsCollector = new SchedulerMetrics(scheduler.events);
  }

  private event(index: number): AppEvent {
    const event = this.app.events[index];
    if (!event) throw new AppError('NOT_FOUND', `No event with index ${index} (this app has ${this.app.events.length}).`);
    return event;
  }

  submit(request: RunRequest): RunHandle {
    const event = this.event(request.eventIndex);
    if (request.inputs.length !== event.inputs.length) {
      throw new AppError(
        'INVALID_INPUT',
        `"${event.apiName}" takes ${event.inputs.length} input(s) (${event.inputs.join(', ')}) but got ${request.inputs.length}.`,
      );
    }
    return this.scheduler.submit({
      groupId: event.concurrencyId,
      limit: event.concurrencyLimit,
      statsKey: event.apiName,
      signal: request.signal,
      ...(request.sessionId !== undefined ? { sessionId: request.sessionId } : {}),
      ...(request.priority ? { priority: request.priority } : {}),
      ...(event.batch
        ? {
            batch: {
              key: `event:${event.index}`,
              maxSize: event.maxBatchSize,
              input: { inputs: request.inputs, outputDir: request.outputDir } satisfies BatchItem,
              runBatch: (items: readonly unknown[], signal: AbortSignal, context: RunContext) =>
                this.runEventBatch(event, items as BatchItem[], signal, context),
            },
          }
        : {}),
      ...(request.onQueue ? { onQueue: request.onQueue } : {}),
      ...(request.onStart ? { onStart: request.onStart } : {}),
      run: (signal, context) => this.runEvent(event, request, signal, context),
    });
  }

  run(request: RunRequest): Promise<unknown[]> {
    try {
      return this.submit(request).result;
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  meanRunMs(eventIndex: number): number | null {
    const event = this.app.events[eventIndex];
    return event ? this.scheduler.stats.meanMs(event.apiName) : null;
  }

  estimate(eventIndex: number, caller: Parameters<Engine['estimate']>[1] = {}): ReturnType<Engine['estimate']> {
    const event = this.event(eventIndex);
    const position = {
      ...this.scheduler.estimate(event.concurrencyId, event.concurrencyLimit, event.apiName, caller),
      coldStart: this.runner.startsModel(event.fn),
    };
    const meanMs = this.scheduler.stats.meanMs(event.apiName);
    const range = this.scheduler.stats.range(event.apiName);
    if (meanMs === null || range === null) return { ...position, etaRangeMs: null, runMs: null };
    const { etaMs } = position;
    // The wait is made of runs like this one (most often): its uncertainty scales the same way.
    const etaRangeMs =
      etaMs === null || meanMs <= 0 ? null : { lowMs: (etaMs * range.lowMs) / meanMs, highMs: (etaMs * range.highMs) / meanMs };
    return { ...position, etaRangeMs, runMs: { meanMs, ...range } };
  }

  metrics(): Readonly<Record<string, KeyMetrics>> {
    return this.metricsCollector.snapshot();
  }

  get jobEvents(): Engine['jobEvents'] {
    return this.scheduler.events;
  }

  queueStatus(): EngineQueueStatus {
    return { queued: this.scheduler.waiting, running: this.scheduler.running };
  }

  async dispose(): Promise<void> {
    this.scheduler.close();
    this.metricsCollector.dispose();
    for (const item of this.owned) await item.dispose();
  }

  /**
   * `retryOnCrash`: a run whose worker died (WORKER_CRASHED) runs once more, on the restarted
   * worker (its jobs wait for the restart). Never after a cancel (the signal is checked, and a
   * cancelled job never fails with WORKER_CRASHED), never a second time, and not after a limit
   * (LIMIT_EXCEEDED) or a pause (WORKER_PAUSED), which would only fail again.
   */
  private async withCrashRetry<T>(
    event: AppEvent,
    signal: AbortSignal,
    request: RunRequest | undefined,
    run: () => Promise<T>,
  ): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (!event.retryOnCrash || signal.aborted || !(error instanceof AppError) || error.code !== 'WORKER_CRASHED') throw error;
      const note = `Running "${event.apiName}" once more (retryOnCrash) after its worker died: ${error.message}`;
      this.logger.warn(note);
      request?.onLog?.('The worker crashed; running once more (retryOnCrash).', 'warning');
      return run();
    }
  }

  private runEvent(event: AppEvent, request: RunRequest, signal: AbortSignal, context: RunContext): Promise<unknown[]> {
    return this.withCrashRetry(event, signal, request, () => this.runEventOnce(event, request, signal, context));
  }

  private async runEventOnce(event: AppEvent, request: RunRequest, signal: AbortSignal, context: RunContext): Promise<unknown[]> {
    const { onPartial } = request;
    const result = await this.runner.run(event.fn, request.inputs, {
      signal,
      onColdStart: () => context.coldStart(),
      ...(request.eventData ? { event: request.eventData } : {}),
      ...(request.outputDir !== undefined ? { outputDir: request.outputDir } : {}),
      ...(request.onProgress ? { onProgress: request.onProgress } : {}),
      ...(request.onLog ? { onLog: request.onLog } : {}),
      ...(onPartial
        ? {
            onPartial: (value: unknown) => {
              const outputs = this.spread(event, value, false);
              if (outputs) onPartial(outputs);
            },
          }
        : {}),
    });
    return this.spread(event, result, true) ?? [];
  }

  /**
   * One call for several jobs, so one `ctx.outputDir`: the first job's. Files written there for
   * the other jobs are copied into their own folders, where each job's results must live.
   */
  private async runEventBatch(
    event: AppEvent,
    items: readonly BatchItem[],
    signal: AbortSignal,
    context: RunContext,
  ): Promise<unknown[][]> {
    const shared = items[0]?.outputDir;
    const inputs = items.map((item) => item.inputs);
    const results = await this.withCrashRetry(event, signal, undefined, () =>
      this.runner.runBatch(event.fn, inputs, event.outputs.length, {
        signal,
        onColdStart: () => context.coldStart(),
        ...(shared !== undefined ? { outputDir: shared } : {}),
      }),
    );
    const outputs = results.map((result) => this.spread(event, result, true) ?? []);
    if (shared === undefined) return outputs;
    return Promise.all(
      outputs.map(async (values, i) => {
        const own = items[i]?.outputDir;
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
