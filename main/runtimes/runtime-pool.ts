import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { AppError } from '../../preload/shared/errors.js';
import { silentLogger, type Logger } from '../common/logger.js';
import type { Disposable } from '../common/disposable.js';
import { stableJson } from '../common/stable-json.js';
import type { DownloadProgress, InferOptions, ResolvedModel } from './runtime.js';
import type { CallHandler } from './worker-calls.js';
import { WorkerHost, type WorkerHostOptions } from './worker-host.js';
import { MemoryBudget } from './memory-budget.js';
import { ModelReplicas } from './model-replicas.js';
import { estimateModelBytes } from './model-size.js';
import { workerThreads } from './thread-split.js';
import { isolatedInThread, workerThreadTransport } from './worker-thread.js';
import type { JsInvocation } from './js/js-runtime.js';
import type { EventData } from '../engine/event-data.js';

/** What a JS call gets besides its inputs: `ctx.event` and `ctx.outputDir`. */
export interface JsCallContext {
  readonly event?: EventData;
  readonly outputDir?: string;
}

/**
 * All workers of a project: `replicas` WorkerHosts per model (loaded lazily on first use
 * or eagerly by `start()`), and one WorkerHost per JS module used by the project's functions. JS
 * functions reach models (and other functions) through the pool, so a model loaded once serves
 * both the API and user code.
 */

export { ModelReplicas, type ModelReplicasOptions } from './model-replicas.js';

/** What every worker of the pool shares; `transport` is how they are started and reached (default: child processes). */
export type HostSettings = Pick<
  WorkerHostOptions,
  'cancelGraceMs' | 'restartPolicy' | 'memoryLimitMb' | 'shutdownTimeoutMs' | 'startTimeoutMs' | 'transport'
>;

export interface RuntimePoolOptions {
  readonly models: Readonly<Record<string, ResolvedModel>>;
  readonly logger?: Logger;
  /** Runs a project function by name, for `ctx.call(name, inputs)` in JS functions (the engine supplies it). */
  readonly callFunction?: (name: string, inputs: readonly unknown[], signal: AbortSignal, outputDir?: string) => Promise<unknown>;
  readonly host?: HostSettings;
  /** Download progress of any model load (eager, lazy or restart). */
  readonly onDownload?: (model: string, progress: DownloadProgress) => void;
  /** Memory all models may hold at once (see MemoryBudget); undefined: no limit. */
  readonly memoryBudgetBytes?: number;
  /** Cores shared out between a model's replicas when it sets no `threads` (default: this machine's). */
  readonly cpus?: number;
  /** Memory limit (MiB) of each JS module's worker, by absolute path: its V8 heap and its resident memory. */
  readonly moduleMemoryMb?: ReadonlyMap<string, number>;
}

/** The model with its workers' thread count filled in (see thread-split.ts). */
function withThreads(model: ResolvedModel, cpus: number | undefined): ResolvedModel {
  const threads = workerThreads(model.definition, cpus);
  return threads === model.definition.threads ? model : { ...model, definition: { ...model.definition, threads } };
}

/** Size and modification time of a module file ('' when it cannot be read): a changed file restarts its worker. */
function fileStamp(file: string): string {
  try {
    const info = statSync(file);
    return `${info.size}:${info.mtimeMs}`;
  } catch {
    return '';
  }
}

/** What `RuntimePool.reconcile` changed. */
export interface PoolChanges {
  /** Models whose definition changed: their workers were stopped and new ones replace them. */
  readonly models: readonly string[];
  /** JS modules (absolute paths) whose worker was stopped and that the project still uses. */
  readonly modules: readonly string[];
}

export class RuntimePool implements Disposable {
  private readonly replicas = new Map<string, ModelReplicas>();
  private readonly budget: MemoryBudget | undefined;
  /** Admissions run one at a time, so two lazy loads cannot both squeeze into the same room. */
  private admitting: Promise<void> = Promise.resolve();
  private readonly modules = new Map<string, WorkerHost>();
  /** What each model was made from (reconcile compares it), and when each module's file was read. */
  private readonly definitions = new Map<string, ResolvedModel>();
  private readonly moduleStamps = new Map<string, string>();
  private moduleMemory: ReadonlyMap<string, number>;
  private readonly logger: Logger;
  private disposed = false;

  constructor(private readonly options: RuntimePoolOptions) {
    this.logger = (options.logger ?? silentLogger).child('runtimes');
    this.budget = options.memoryBudgetBytes === undefined ? undefined : new MemoryBudget(options.memoryBudgetBytes);
    this.moduleMemory = options.moduleMemoryMb ?? new Map();
    for (const [name, declared] of Object.entries(options.models)) this.addModel(name, declared);
  }

  private addModel(name: string, declared: ResolvedModel): void {
    const { options } = this;
    const model = withThreads(declared, options.cpus);
    const count = model.definition.replicas;
    if (declared.definition.threads === undefined && model.definition.threads !== undefined)
      this.logger.info(`model "${name}": ${count} replicas × ${model.definition.threads} intra-op threads (set "threads" to choose)`);
    const hosts = Array.from(
      { length: count },
      () =>
        new WorkerHost({
          ...options.host,
          ...(isolatedInThread(model.definition) ? { transport: workerThreadTransport } : {}),
          spec: { kind: 'model', model },
          logger: this.logger,
          ...(options.onDownload ? { onDownload: (progress) => options.onDownload?.(name, progress) } : {}),
        }),
    );
    const downloads = 'hub' in model.definition.source && !model.environment.offline;
    const { idleUnloadSeconds } = model.definition;
    this.definitions.set(name, declared);
    this.replicas.set(
      name,
      new ModelReplicas(name, hosts, {
        downloadFirst: downloads,
        ...(idleUnloadSeconds !== undefined ? { idleUnloadMs: idleUnloadSeconds * 1000 } : {}),
        onIdleUnload: () => this.logger.info(`unloading idle model "${name}"`),
        estimateBytes: () => estimateModelBytes(model),
        ...(this.budget ? { admit: this.admit } : {}),
      }),
    );
  }

  get modelNames(): string[] {
    return [...this.replicas.keys()];
  }

  model(name: string): ModelReplicas {
    const replicas = this.replicas.get(name);
    if (!replicas) {
      throw new AppError('NOT_FOUND', `No model "${name}" in this project (models: ${this.modelNames.join(', ') || 'none'}).`);
    }
    return replicas;
  }

  private readonly admit = (replicas: ModelReplicas): Promise<void> => {
    const { budget } = this;
    if (!budget) return Promise.resolve();
    const next = this.admitting.then(async () => {
      if (!replicas.unloaded) return;
      await replicas.needs();
      await budget.admit(replicas, [...this.replicas.values()]);
    });
    this.admitting = next.catch(() => undefined);
    return next;
  };

  /** Loads every model marked `load: "eager"` (all replicas); lazy models load on first use. */
  async start(signal: AbortSignal): Promise<void> {
    const eager = [...this.replicas.values()].filter((r) => this.definitions.get(r.name)?.definition.load === 'eager');
    await Promise.all(eager.map((replicas) => replicas.load({ signal })));
  }

  /**
   * The worker for one JS module (absolute path), created on first use. Its label (in logs and
   * error messages, which callers may see) is the file name, not the absolute path.
   */
  jsModule(modulePath: string, label?: string): WorkerHost {
    this.assertUsable();
    const key = resolve(modulePath);
    let host = this.modules.get(key);
    if (!host) {
      const memoryMb = this.moduleMemory.get(key);
      host = new WorkerHost({
        ...this.options.host,
        ...(memoryMb !== undefined ? { memoryLimitMb: memoryMb, watchMemoryMb: memoryMb } : {}),
        spec: { kind: 'js', name: label ?? basename(key), modulePath: key, models: this.modelNames },
        logger: this.logger,
        handleCall: this.handleCall,
      });
      this.modules.set(key, host);
      this.moduleStamps.set(key, fileStamp(key));
    }
    return host;
  }

  /**
   * Calls `export` of a JS module with the event's inputs; `context` carries the trigger's event
   * data (its `ctx.event`) and the run's folder for output files (its `ctx.outputDir`).
   */
  callJs(
    modulePath: string,
    exportName: string,
    inputs: readonly unknown[],
    options: InferOptions,
    context: JsCallContext = {},
  ): Promise<unknown> {
    const invocation: JsInvocation = { export: exportName, inputs: [...inputs], ...context };
    return this.jsModule(modulePath).infer(invocation, options);
  }

  /**
   * Brings the pool to a new set of models and JS modules (the editor's preview after an edit),
   * keeping every worker whose inputs did not change. A model whose resolved definition is the
   * same keeps its replicas, loaded or not; a changed one is replaced (its workers stop; the new
   * ones load on first use, or on `start` when eager); a removed one stops. A JS module's worker
   * stops when its file changed on disk, its memory limit changed, the project's model names
   * changed (its `ctx.models`), or the project no longer uses it; it starts again on its next call.
   */
  async reconcile(models: Readonly<Record<string, ResolvedModel>>, moduleMemoryMb: ReadonlyMap<string, number>): Promise<PoolChanges> {
    this.assertUsable();
    const stopping: Promise<void>[] = [];
    const changed: string[] = [];
    const namesBefore = this.modelNames.sort().join('\n');
    for (const [name, replicas] of [...this.replicas]) {
      const next = models[name];
      const before = this.definitions.get(name);
      if (next && before && stableJson(next) === stableJson(before)) continue;
      if (next) changed.push(name);
      this.replicas.delete(name);
      this.definitions.delete(name);
      stopping.push(...replicas.hosts.map((host) => host.dispose()));
    }
    for (const [name, declared] of Object.entries(models)) if (!this.replicas.has(name)) this.addModel(name, declared);
    const namesChanged = this.modelNames.sort().join('\n') !== namesBefore;
    const stopped: string[] = [];
    for (const [key, host] of [...this.modules]) {
      const same = moduleMemoryMb.has(key) && moduleMemoryMb.get(key) === this.moduleMemory.get(key);
      if (same && !namesChanged && fileStamp(key) === this.moduleStamps.get(key)) continue;
      this.modules.delete(key);
      this.moduleStamps.delete(key);
      if (moduleMemoryMb.has(key)) stopped.push(key);
      stopping.push(host.dispose());
    }
    this.moduleMemory = moduleMemoryMb;
    const failures = (await Promise.allSettled(stopping)).filter((r) => r.status === 'rejected');
    if (failures.length > 0) this.logger.warn('some workers failed to stop', { errors: failures.map((f) => String(f.reason)) });
    return { models: changed, modules: stopped };
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const hosts = [...this.modules.values(), ...[...this.replicas.values()].flatMap((r) => r.hosts)];
    const results = await Promise.allSettled(hosts.map((host) => host.dispose()));
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failures.length > 0)
      throw new AggregateError(
        failures.map((f) => f.reason as unknown),
        'Some workers failed to stop',
      );
  }

  /** Calls from JS functions: models run in this pool; functions go back to the engine. */
  private readonly handleCall: CallHandler = async (target, input, params, signal) => {
    if (target.kind === 'model') return this.model(target.name).infer(input, { signal, params });
    const { callFunction } = this.options;
    if (!callFunction) throw new AppError('UNSUPPORTED', `Calling function "${target.name}" from JS is not available here.`);
    if (!Array.isArray(input)) throw new AppError('INVALID_INPUT', 'ctx.call needs an array of inputs.');
    // The caller's ctx.outputDir, so the function it calls writes its files where the run's are.
    const outputDir = typeof params.outputDir === 'string' ? params.outputDir : undefined;
    return callFunction(target.name, input, signal, outputDir);
  };

  private assertUsable(): void {
    if (this.disposed) throw new AppError('INTERNAL', 'The runtime pool has been shut down.');
  }
}
