import { totalmem } from 'node:os';
import { silentLogger, type Logger } from '../common/logger.js';
import type { LoadedProject } from '../project/load.js';
import { normalize } from '../../preload/shared/project/normalize.js';
import type { DownloadProgress, ModelEnvironment } from '../runtimes/runtime.js';
import { RuntimePool, type HostSettings } from '../runtimes/runtime-pool.js';
import { resolveModels } from '../runtimes/resolve-model.js';
import { EmbeddedQueue } from '../queue/embedded/embedded-queue.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { createExecFileRunner } from '../gpu/command-runner.js';
import { GpuMemoryMonitor } from '../gpu/gpu-memory-monitor.js';
import { batchPolicyFactory } from './batch-policy-factory.js';
import { FunctionRunner } from './function-runner.js';
import { GpuAdmission, modelsOf, poolDeviceLookup, type ModelDeviceLookup } from './gpu-admission.js';
import { modelEnvironment } from './model-environment.js';
import { moduleMemoryMb } from './module-memory.js';
import { ProjectEngine } from './project-engine.js';
import type { Engine } from './types.js';

export interface EngineOptions {
  readonly loaded: LoadedProject;
  /** Overrides of the environment-derived model settings (cache, offline, hub endpoint). */
  readonly environment?: Partial<ModelEnvironment>;
  readonly logger?: Logger;
  readonly host?: HostSettings;
  readonly onDownload?: (model: string, progress: DownloadProgress) => void;
  /** Cancels loading eager models. */
  readonly signal?: AbortSignal;
  /** GPU-memory-aware admission (see gpu-admission.ts); `false` turns it off. */
  readonly gpu?: EngineGpuOptions | false;
}

export interface EngineGpuOptions {
  /** Where each model runs (default: the device its loaded replicas report). */
  readonly deviceOf?: ModelDeviceLookup;
  /** Measures GPU memory; the engine disposes it. Default: nvidia-smi on PATH. */
  readonly monitor?: GpuMemoryMonitor;
}

/** Builds the engine of a loaded project and loads its eager models; dispose() stops every worker. */
export async function createEngine(options: EngineOptions): Promise<Engine> {
  const { loaded } = options;
  const { project } = loaded;
  const environment = modelEnvironment(options.environment);
  const models = resolveModels(project.models, { projectDir: loaded.dir, environment });
  const pool: RuntimePool = new RuntimePool({
    models,
    logger: options.logger ?? silentLogger,
    ...(options.host ? { host: options.host } : {}),
    ...(options.onDownload ? { onDownload: options.onDownload } : {}),
    memoryBudgetBytes: project.memoryBudgetMb !== undefined ? project.memoryBudgetMb * 2 ** 20 : Math.round(0.75 * totalmem()),
    moduleMemoryMb: moduleMemoryMb(project, loaded.dir),
    // ctx.call from a JS function runs inside the caller's job (it already holds a queue slot).
    // (The closure runs only after `runner` below is initialised.)
    callFunction: (name, inputs, signal, outputDir): Promise<unknown> =>
      runner.run(name, inputs, { signal, ...(outputDir !== undefined ? { outputDir } : {}) }),
  });
  const runner: FunctionRunner = new FunctionRunner(project, loaded.dir, pool);
  let gpu: GpuAdmission | undefined;
  const scheduler = new Scheduler({
    maxSize: project.queue.maxSize,
    batchPolicy: batchPolicyFactory(project.queue.batching),
    admission: (groupId, statsKey, running) => gpu?.admit(groupId, statsKey, running) ?? true,
  });
  const app = normalize(project);
  // Only projects whose events use models can be GPU-bound; JS-only projects never run nvidia-smi.
  const gpuOptions = options.gpu === false ? undefined : (options.gpu ?? {});
  if (gpuOptions && app.events.some((event) => modelsOf(project, event.fn).length > 0)) {
    gpu = new GpuAdmission({
      project,
      app,
      monitor: gpuOptions.monitor ?? new GpuMemoryMonitor({ runner: createExecFileRunner() }),
      deviceOf: gpuOptions.deviceOf ?? poolDeviceLookup(pool),
      events: scheduler.events,
      wake: () => scheduler.wake(),
    });
  } else {
    gpuOptions?.monitor?.dispose();
  }
  const engine = new ProjectEngine(
    loaded,
    app,
    new EmbeddedQueue(scheduler, { history: false }),
    runner,
    [...(gpu ? [gpu] : []), pool],
    options.logger,
  );
  try {
    await pool.start(options.signal ?? new AbortController().signal);
  } catch (error) {
    await engine.dispose();
    throw error;
  }
  return engine;
}
