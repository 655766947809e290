import { resolve } from 'node:path';
import { AppError } from '../common/errors.js';
import { silentLogger, type Logger } from '../common/logger.js';
import type { Disposable } from '../common/disposable.js';
import type {
  DownloadProgress,
  InferOptions,
  LoadedModelInfo,
  LoadOptions,
  ResolvedModel,
  Runtime,
  RuntimeCapabilities,
} from './runtime.js';
import type { CallHandler } from './worker-calls.js';
import { WorkerHost, type WorkerHostOptions } from './worker-host.js';
import { isServing } from './worker-state.js';
import type { JsInvocation } from './js/js-runtime.js';

/**
 * All worker processes of a project: `replicas` WorkerHosts per model (loaded lazily on first use
 * or eagerly by `start()`), and one WorkerHost per JS module used by the project's functions. JS
 * functions reach models (and other functions) through the pool, so a model loaded once serves
 * both the API and user code.
 */

export type HostSettings = Pick<
  WorkerHostOptions,
  'cancelGraceMs' | 'restartPolicy' | 'memoryLimitMb' | 'shutdownTimeoutMs' | 'startTimeoutMs'
>;

export interface RuntimePoolOptions {
  readonly models: Readonly<Record<string, ResolvedModel>>;
  readonly logger?: Logger;
  /** Runs a project function by name, for `ctx.call(name, inputs)` in JS functions (the engine supplies it). */
  readonly callFunction?: (name: string, inputs: readonly unknown[], signal: AbortSignal) => Promise<unknown>;
  readonly host?: HostSettings;
  /** Download progress of any model load (eager, lazy or restart). */
  readonly onDownload?: (model: string, progress: DownloadProgress) => void;
}

/** The replicas of one model behind one Runtime: infer goes to the least busy replica. */
export class ModelReplicas implements Runtime {
  private turn = 0;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly name: string,
    readonly hosts: readonly WorkerHost[],
    /** Load one replica before the others, so that only one process downloads the files. */
    private readonly downloadFirst = false,
    /** Unload every replica after this long without a job (undefined: keep them loaded). */
    private readonly idleUnloadMs?: number,
    private readonly onIdleUnload?: () => void,
  ) {}

  async load(options: LoadOptions): Promise<LoadedModelInfo> {
    const [first, ...rest] = this.hosts;
    if (!first) throw new AppError('INTERNAL', `Model "${this.name}" has no replicas.`);
    if (!this.downloadFirst) return (await Promise.all(this.hosts.map((host) => host.load(options))))[0] as LoadedModelInfo;
    const info = await first.load(options);
    await Promise.all(rest.map((host) => host.load(options)));
    return info;
  }

  infer(input: unknown, options: InferOptions): Promise<unknown> {
    clearTimeout(this.idleTimer);
    const job = this.pick().infer(input, options);
    if (this.idleUnloadMs !== undefined) job.then(this.armIdleUnload, this.armIdleUnload);
    return job;
  }

  /** After the last job, wait `idleUnloadMs`; if still idle then, stop the workers. */
  private readonly armIdleUnload = (): void => {
    if (this.idleUnloadMs === undefined || this.activeJobs > 0) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.activeJobs > 0 || !this.hosts.some((host) => isServing(host.state))) return;
      this.onIdleUnload?.();
      void this.unload();
    }, this.idleUnloadMs);
    this.idleTimer.unref();
  };

  async unload(): Promise<void> {
    clearTimeout(this.idleTimer);
    await Promise.all(this.hosts.map((host) => host.unload()));
  }

  capabilities(): RuntimeCapabilities {
    const host = this.hosts.find((candidate) => isServing(candidate.state)) ?? this.hosts[0];
    return host ? host.capabilities() : { streaming: false, batching: false, devices: [] };
  }

  get activeJobs(): number {
    return this.hosts.reduce((total, host) => total + host.activeJobs, 0);
  }

  /**
   * Fewest jobs first; among equals a loaded replica before one that would have to load, then
   * round-robin so equal replicas share the work.
   */
  private pick(): WorkerHost {
    const start = this.turn++ % this.hosts.length;
    let best: WorkerHost | undefined;
    for (let i = 0; i < this.hosts.length; i++) {
      const host = this.hosts[(start + i) % this.hosts.length] as WorkerHost;
      if (!best || score(host) < score(best)) best = host;
    }
    return best as WorkerHost;
  }
}

function score(host: WorkerHost): number {
  return host.activeJobs * 2 + (isServing(host.state) ? 0 : 1);
}

export class RuntimePool implements Disposable {
  private readonly replicas = new Map<string, ModelReplicas>();
  private readonly modules = new Map<string, WorkerHost>();
  private readonly logger: Logger;
  private disposed = false;

  constructor(private readonly options: RuntimePoolOptions) {
    this.logger = (options.logger ?? silentLogger).child('runtimes');
    for (const [name, model] of Object.entries(options.models)) {
      const count = model.definition.replicas;
      const hosts = Array.from(
        { length: count },
        () =>
          new WorkerHost({
            ...options.host,
            spec: { kind: 'model', model },
            logger: this.logger,
            ...(options.onDownload ? { onDownload: (progress) => options.onDownload?.(name, progress) } : {}),
          }),
      );
      const downloads = 'hub' in model.definition.source && !model.environment.offline;
      const idleMs = model.definition.idleUnloadSeconds === undefined ? undefined : model.definition.idleUnloadSeconds * 1000;
      const onIdle = (): void => this.logger.info(`unloading idle model "${name}"`);
      this.replicas.set(name, new ModelReplicas(name, hosts, downloads, idleMs, onIdle));
    }
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

  /** Loads every model marked `load: "eager"` (all replicas); lazy models load on first use. */
  async start(signal: AbortSignal): Promise<void> {
    const eager = [...this.replicas.values()].filter((r) => this.options.models[r.name]?.definition.load === 'eager');
    await Promise.all(eager.map((replicas) => replicas.load({ signal })));
  }

  /** The worker for one JS module (absolute path), created on first use. */
  jsModule(modulePath: string, label = modulePath): WorkerHost {
    this.assertUsable();
    const key = resolve(modulePath);
    let host = this.modules.get(key);
    if (!host) {
      host = new WorkerHost({
        ...this.options.host,
        spec: { kind: 'js', name: label, modulePath: key, models: this.modelNames },
        logger: this.logger,
        handleCall: this.handleCall,
      });
      this.modules.set(key, host);
    }
    return host;
  }

  /** Calls `export` of a JS module with the event's inputs. */
  callJs(modulePath: string, exportName: string, inputs: readonly unknown[], options: InferOptions): Promise<unknown> {
    const invocation: JsInvocation = { export: exportName, inputs: [...inputs] };
    return this.jsModule(modulePath).infer(invocation, options);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const hosts = [...this.modules.values(), ...[...this.replicas.values()].flatMap((r) => r.hosts)];
    const results = await Promise.allSettled(hosts.map((host) => host.dispose()));
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failures.length > 0) throw new AggregateError(failures.map((f) => f.reason as unknown), 'Some workers failed to stop');
  }

  /** Calls from JS functions: models run in this pool; functions go back to the engine. */
  private readonly handleCall: CallHandler = async (target, input, params, signal) => {
    if (target.kind === 'model') return this.model(target.name).infer(input, { signal, params });
    const { callFunction } = this.options;
    if (!callFunction) throw new AppError('UNSUPPORTED', `Calling function "${target.name}" from JS is not available here.`);
    if (!Array.isArray(input)) throw new AppError('INVALID_INPUT', 'ctx.call needs an array of inputs.');
    return callFunction(target.name, input, signal);
  };

  private assertUsable(): void {
    if (this.disposed) throw new AppError('INTERNAL', 'The runtime pool has been shut down.');
  }
}
