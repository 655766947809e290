import { AppError } from '../../../preload/shared/errors.js';
import { normalize, type App } from '../../../preload/shared/project/normalize.js';
import { TypedEvents } from '../../common/typed-events.js';
import type { Engine, EngineQueueStatus, Estimate, RunHandle } from '../../engine/types.js';
import type { LoadedProject } from '../../project/load.js';
import type { KeyMetrics } from '../../scheduler/metrics.js';
import type { SchedulerEvents } from '../../scheduler/scheduler-events.js';

/**
 * What a stateless front (`serve --queue redis://…`) has in place of an engine: the project (for
 * /config, /info, input checks and output conversion) and nothing that runs. Its jobs go through
 * the shared queue (RedisGradioQueue); workers run them. The admin figures an engine keeps in
 * memory (metrics, run times, the queue's size) are not kept by a front: they read as empty.
 */
export class FrontEngine implements Engine {
  readonly app: App;
  private readonly events = new TypedEvents<SchedulerEvents>();

  constructor(readonly loaded: LoadedProject) {
    this.app = normalize(loaded.project);
  }

  submit(): RunHandle {
    throw new AppError(
      'UNSUPPORTED',
      'This server is a front of a shared queue (--queue): its jobs go to the queue, and workers run them.',
    );
  }

  run(): Promise<unknown[]> {
    return Promise.reject(new AppError('UNSUPPORTED', 'This server is a front of a shared queue (--queue): workers run its jobs.'));
  }

  meanRunMs(): number | null {
    return null;
  }

  queueStatus(): EngineQueueStatus {
    return { queued: 0, running: 0 };
  }

  estimate(): Estimate {
    return { rank: 0, queueSize: 0, etaMs: null, slotFree: true, coldStart: false, etaRangeMs: null, runMs: null };
  }

  metrics(): Readonly<Record<string, KeyMetrics>> {
    return {};
  }

  get jobEvents(): Engine['jobEvents'] {
    return this.events;
  }

  dispose(): Promise<void> {
    return Promise.resolve();
  }
}
