import { randomUUID } from 'node:crypto';
import type { Disposable } from '../common/disposable.js';
import { AppError, CancelledError } from '../../preload/shared/errors.js';
import { silentLogger, type Logger } from '../common/logger.js';
import type { LoadedProject } from '../project/load.js';
import type { App, AppEvent } from '../../preload/shared/project/normalize.js';
import { SchedulerMetrics, type KeyMetrics } from '../scheduler/metrics.js';
import type { EmbeddedQueue } from '../queue/embedded/embedded-queue.js';
import { EventRuns } from './event-runs.js';
import type { FunctionRunner } from './function-runner.js';
import { JobWatch } from './job-watch.js';
import type { Engine, EngineQueueStatus, RunHandle, RunRequest } from './types.js';

/**
 * The Engine: an event's job goes into the queue (the embedded queue: the async queue interface in
 * front of the in-process line) as data (its event's name, inputs, lane, priority, concurrency
 * group and limit, batch key), and the queue hands runs back to the engine's worker side
 * (EventRuns), which looks the event up by name and runs its function. What happens to the job
 * comes back as events keyed by its id, which the engine turns into the caller's callbacks.
 * Nothing runs a function except through `submit`.
 */
export class ProjectEngine implements Engine {
  private readonly metricsCollector: SchedulerMetrics;

  constructor(
    readonly loaded: LoadedProject,
    readonly app: App,
    private readonly queue: EmbeddedQueue,
    private readonly runner: FunctionRunner,
    /**
     * Disposed in order after the queue closes: GPU admission, then the runtime pool (every
     * worker). The editor's preview keeps its pool across engines, so it passes none.
     */
    private readonly owned: readonly Disposable[] = [],
    logger: Logger = silentLogger,
  ) {
    const { line } = queue;
    this.metricsCollector = new SchedulerMetrics(line.events);
    // The engine is the line's own worker: its runs report straight to the line (no round trip).
    const runs = new EventRuns(app, runner, (runId, jobId, event) => line.emit(runId, jobId, event), logger.child('engine'));
    queue.serve((run) => runs.run(run));
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
    if (request.signal.aborted) throw new CancelledError();
    // Gradio's form (uuid4().hex), from Node's batch of random bytes (see event-job.ts).
    const id = randomUUID().replaceAll('-', '');
    const watch = new JobWatch(id, request, request.signal, this.queue);
    // Watched before it is submitted: a short line tells the joiner its place, and a free slot starts it, during submit.
    this.queue.watch(id, watch);
    const lane = request.sessionId ?? '';
    try {
      // The embedded queue refuses (QUEUE_FULL, CANCELLED while closing) by throwing here, at once.
      void this.queue.submit({
        id,
        event: event.apiName,
        inputs: request.inputs,
        session: lane,
        lane,
        priority: request.priority ?? 'normal',
        groupId: event.concurrencyId,
        limit: event.concurrencyLimit,
        batch: event.batch ? { key: `event:${event.index}`, maxSize: event.maxBatchSize } : null,
        // Always both fields (maybe undefined): one object shape for every job.
        eventData: request.eventData,
        outputDir: request.outputDir,
      });
    } catch (error) {
      watch.done();
      throw error;
    }
    watch.listen();
    return watch.handle;
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
    return event ? this.queue.line.stats.meanMs(event.apiName) : null;
  }

  estimate(eventIndex: number, caller: Parameters<Engine['estimate']>[1] = {}): ReturnType<Engine['estimate']> {
    const event = this.event(eventIndex);
    const position = {
      ...this.queue.line.estimate(event.concurrencyId, event.concurrencyLimit, event.apiName, {
        ...(caller.sessionId !== undefined ? { lane: caller.sessionId } : {}),
        ...(caller.priority ? { priority: caller.priority } : {}),
      }),
      coldStart: this.runner.startsModel(event.fn),
    };
    const meanMs = this.queue.line.stats.meanMs(event.apiName);
    const range = this.queue.line.stats.range(event.apiName);
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
    return this.queue.line.events;
  }

  queueStatus(): EngineQueueStatus {
    return { queued: this.queue.line.waiting, running: this.queue.line.running };
  }

  async dispose(): Promise<void> {
    await this.queue.close();
    this.metricsCollector.dispose();
    for (const item of this.owned) await item.dispose();
  }
}
