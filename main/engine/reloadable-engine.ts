import { totalmem } from 'node:os';
import path from 'node:path';
import { normalize } from '../../preload/shared/project/normalize.js';
import type { Project } from '../../preload/shared/project/schema.js';
import { silentLogger, type Logger } from '../common/logger.js';
import type { LoadedProject } from '../project/load.js';
import type { DownloadProgress, ModelEnvironment } from '../runtimes/runtime.js';
import { RuntimePool, type HostSettings } from '../runtimes/runtime-pool.js';
import { resolveModels } from '../runtimes/resolve-model.js';
import { RunStats } from '../scheduler/run-stats.js';
import { EmbeddedQueue } from '../queue/embedded/embedded-queue.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { batchPolicyFactory } from './batch-policy-factory.js';
import { FunctionRunner } from './function-runner.js';
import { functionFingerprint } from './function-fingerprint.js';
import { modelEnvironment } from './model-environment.js';
import { moduleMemoryMb } from './module-memory.js';
import { ProjectEngine } from './project-engine.js';
import type { Engine, RunHandle, RunRequest } from './types.js';

/**
 * An Engine whose project can change while it serves (the editor's live preview). Each reload
 * builds a new ProjectEngine (normalized App, function runner, scheduler) around the same
 * RuntimePool, which keeps every worker whose inputs did not change (RuntimePool.reconcile): a
 * label or layout edit restarts no model and no JS module; a changed model restarts only that model.
 * Run times are kept across reloads (one RunStats) for the events whose function still runs the
 * same way (function-fingerprint.ts), so the editor's cost numbers survive a label edit.
 *
 * The previous engine is retired on reload: its scheduler closes, so its queued and running jobs
 * are cancelled (the preview page reloads anyway). GPU admission is off: one person previews.
 * A new `memoryBudgetMb` replaces the pool (and so restarts every worker).
 */

export interface ReloadableEngineOptions {
  /** Overrides of the environment-derived model settings (cache, offline, hub endpoint). */
  readonly environment?: Partial<ModelEnvironment>;
  readonly logger?: Logger;
  readonly host?: HostSettings;
  readonly onDownload?: (model: string, progress: DownloadProgress) => void;
}

export interface Restarted {
  /** Models whose definition changed (their workers were replaced). */
  readonly models: string[];
  /** JS modules whose worker stopped (file changed on disk, limits, model names), relative to the project folder. */
  readonly modules: string[];
}

function budgetBytes(project: Project): number {
  return project.memoryBudgetMb !== undefined ? project.memoryBudgetMb * 2 ** 20 : Math.round(0.75 * totalmem());
}

export class ReloadableEngine implements Engine {
  private readonly stats = new RunStats();
  private readonly environment: ModelEnvironment;
  private readonly logger: Logger;
  private pool: RuntimePool;
  private current: { engine: ProjectEngine; runner: FunctionRunner };
  private fingerprints = new Map<string, string>();
  /** Eager loads in flight; aborted by dispose. */
  private readonly loads = new AbortController();

  constructor(
    loaded: LoadedProject,
    private readonly options: ReloadableEngineOptions = {},
  ) {
    this.environment = modelEnvironment(options.environment);
    this.logger = options.logger ?? silentLogger;
    this.pool = this.createPool(loaded);
    this.current = this.build(loaded);
    this.fingerprints = this.fingerprintsOf(loaded);
    this.loadEager();
  }

  get loaded(): LoadedProject {
    return this.current.engine.loaded;
  }

  get app(): Engine['app'] {
    return this.current.engine.app;
  }

  get jobEvents(): Engine['jobEvents'] {
    return this.current.engine.jobEvents;
  }

  /** The pool's worker of a JS module or model replica, for tests and diagnostics. */
  get runtimes(): RuntimePool {
    return this.pool;
  }

  /** Median and 95th percentile of an event's warm runs since its function last changed. */
  runPercentiles(apiName: string): ReturnType<RunStats['percentiles']> {
    return this.stats.percentiles(apiName);
  }

  /** Serves `loaded` from now on, restarting only the workers whose inputs changed. */
  async reload(loaded: LoadedProject): Promise<Restarted> {
    const before = this.current;
    const restarted = await this.reconcile(before.engine.loaded, loaded);
    this.current = this.build(loaded);
    await before.engine.dispose();
    const fingerprints = this.fingerprintsOf(loaded);
    const restartedModules = new Set(restarted.modules.map((module) => path.resolve(loaded.dir, module)));
    for (const event of this.current.engine.app.events) {
      const key = fingerprints.get(event.apiName);
      const touched = [...functionFingerprint(loaded.project, loaded.dir, event.fn).modules].some((m) => restartedModules.has(m));
      if (key !== this.fingerprints.get(event.apiName) || touched) this.stats.forget(event.apiName);
    }
    this.fingerprints = fingerprints;
    this.loadEager();
    return restarted;
  }

  submit(request: RunRequest): RunHandle {
    return this.current.engine.submit(request);
  }

  run(request: RunRequest): Promise<unknown[]> {
    return this.current.engine.run(request);
  }

  meanRunMs(eventIndex: number): number | null {
    return this.current.engine.meanRunMs(eventIndex);
  }

  queueStatus(): ReturnType<Engine['queueStatus']> {
    return this.current.engine.queueStatus();
  }

  estimate(eventIndex: number, caller?: Parameters<Engine['estimate']>[1]): ReturnType<Engine['estimate']> {
    return this.current.engine.estimate(eventIndex, caller);
  }

  metrics(): ReturnType<Engine['metrics']> {
    return this.current.engine.metrics();
  }

  async dispose(): Promise<void> {
    this.loads.abort();
    await this.current.engine.dispose();
    await this.pool.dispose();
  }

  private createPool(loaded: LoadedProject): RuntimePool {
    const { project, dir } = loaded;
    const { host, onDownload } = this.options;
    return new RuntimePool({
      models: resolveModels(project.models, { projectDir: dir, environment: this.environment }),
      logger: this.logger,
      ...(host ? { host } : {}),
      ...(onDownload ? { onDownload } : {}),
      memoryBudgetBytes: budgetBytes(project),
      moduleMemoryMb: moduleMemoryMb(project, dir),
      // ctx.call runs in the engine serving now (the closure reads `current` at call time).
      callFunction: (name, inputs, signal, outputDir): Promise<unknown> =>
        this.current.runner.run(name, inputs, { signal, ...(outputDir !== undefined ? { outputDir } : {}) }),
    });
  }

  private async reconcile(before: LoadedProject, loaded: LoadedProject): Promise<Restarted> {
    const { project, dir } = loaded;
    const relative = (module: string): string => path.relative(dir, module).split(path.sep).join('/');
    if (budgetBytes(before.project) !== budgetBytes(project)) {
      const old = this.pool;
      const models = Object.keys(project.models).filter((name) => Object.hasOwn(before.project.models, name));
      const modules = [...moduleMemoryMb(project, dir).keys()].filter((m) => moduleMemoryMb(before.project, before.dir).has(m));
      this.pool = this.createPool(loaded);
      await old.dispose();
      return { models, modules: modules.map(relative) };
    }
    const models = resolveModels(project.models, { projectDir: dir, environment: this.environment });
    const changes = await this.pool.reconcile(models, moduleMemoryMb(project, dir));
    return { models: [...changes.models], modules: changes.modules.map(relative) };
  }

  private build(loaded: LoadedProject): { engine: ProjectEngine; runner: FunctionRunner } {
    const { project, dir } = loaded;
    const runner = new FunctionRunner(project, dir, this.pool);
    const scheduler = new Scheduler({
      maxSize: project.queue.maxSize,
      batchPolicy: batchPolicyFactory(project.queue.batching),
      stats: this.stats,
    });
    // No owned disposables: the pool outlives this engine.
    return {
      engine: new ProjectEngine(loaded, normalize(project), new EmbeddedQueue(scheduler, { history: false }), runner, [], this.logger),
      runner,
    };
  }

  private fingerprintsOf(loaded: LoadedProject): Map<string, string> {
    const app = this.current.engine.app;
    return new Map(app.events.map((event) => [event.apiName, functionFingerprint(loaded.project, loaded.dir, event.fn).key]));
  }

  /** Eager models load in the background: a preview answers at once; a load error shows on the first call. */
  private loadEager(): void {
    this.pool.start(this.loads.signal).catch((error: unknown) => {
      if (!this.loads.signal.aborted) this.logger.warn('an eager model of the preview did not load', { error: String(error) });
    });
  }
}
