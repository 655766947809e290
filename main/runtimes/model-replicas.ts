import { AppError } from '../../preload/shared/errors.js';
import type { BudgetMember } from './memory-budget.js';
import type { InferOptions, LoadedModelInfo, LoadOptions, Runtime, RuntimeCapabilities } from './runtime.js';
import type { WorkerHost } from './worker-host.js';
import { isServing } from './worker-state.js';

export interface ModelReplicasOptions {
  /** Load one replica before the others, so that only one process downloads the files. */
  readonly downloadFirst?: boolean;
  /** Unload every replica after this long without a job (undefined: keep them loaded). */
  readonly idleUnloadMs?: number;
  readonly onIdleUnload?: () => void;
  /** Memory one replica is expected to need before it was ever measured (asked once, before the first budget check). */
  readonly estimateBytes?: () => Promise<number>;
  /** Called before a load (lazy or eager) so the pool can make room in its memory budget. */
  readonly admit?: (replicas: ModelReplicas) => Promise<void>;
}

/** The replicas of one model behind one Runtime: infer goes to the least busy replica. */
export class ModelReplicas implements Runtime, BudgetMember {
  private turn = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private used = 0;
  private measuredBytes: number | undefined;
  private estimatedBytes: number | undefined;

  constructor(
    readonly name: string,
    readonly hosts: readonly WorkerHost[],
    private readonly options: ModelReplicasOptions = {},
  ) {}

  get lastUsed(): number {
    return this.used;
  }

  get busy(): boolean {
    return this.activeJobs > 0;
  }

  /** True when no replica is loaded or on its way (the next job would start a load). */
  get unloaded(): boolean {
    return this.hosts.every((host) => host.state.kind === 'idle');
  }

  /** True when some replica is loaded and answering (a job now would not wait for a load). */
  get serving(): boolean {
    return this.hosts.some((host) => isServing(host.state));
  }

  /** What all replicas need: the last measurement, else the estimate (0 before `needs()` resolved it). */
  get neededBytes(): number {
    return (this.measuredBytes ?? this.estimatedBytes ?? 0) * this.hosts.length;
  }

  /** Resolves the estimate (once) so that `neededBytes` is ready for a budget check; returns it. */
  async needs(): Promise<number> {
    if (this.measuredBytes === undefined && this.estimatedBytes === undefined && this.options.estimateBytes) {
      this.estimatedBytes = await this.options.estimateBytes();
    }
    return this.neededBytes;
  }

  /** What the replicas hold now: measured when loaded, the estimate while loading, 0 when unloaded. */
  get chargedBytes(): number {
    if (this.unloaded) return 0;
    const measured = this.measure();
    return measured ?? this.neededBytes;
  }

  /** Sum of the replicas' measured memory once every replica has loaded (remembered per replica). */
  private measure(): number | undefined {
    const measured = this.hosts.map((host) => host.loadedInfo?.memoryBytes);
    if (!measured.every((bytes): bytes is number => bytes !== undefined)) return undefined;
    this.measuredBytes = Math.max(...measured);
    return measured.reduce((sum, bytes) => sum + bytes, 0);
  }

  async load(options: LoadOptions): Promise<LoadedModelInfo> {
    if (this.unloaded) await this.options.admit?.(this);
    const [first, ...rest] = this.hosts;
    if (!first) throw new AppError('INTERNAL', `Model "${this.name}" has no replicas.`);
    if (!this.options.downloadFirst) return (await Promise.all(this.hosts.map((host) => host.load(options))))[0] as LoadedModelInfo;
    const info = await first.load(options);
    await Promise.all(rest.map((host) => host.load(options)));
    return info;
  }

  infer(input: unknown, options: InferOptions): Promise<unknown> {
    clearTimeout(this.idleTimer);
    this.used = performance.now();
    const { admit } = this.options;
    // A lazy load first makes room in the memory budget (it may unload idle models).
    const job = admit && this.unloaded ? admit(this).then(() => this.pick().infer(input, options)) : this.pick().infer(input, options);
    job.then(
      () => this.measure(),
      () => undefined,
    );
    if (this.options.idleUnloadMs !== undefined) job.then(this.armIdleUnload, this.armIdleUnload);
    return job;
  }

  /** After the last job, wait `idleUnloadMs`; if still idle then, stop the workers. */
  private readonly armIdleUnload = (): void => {
    const { idleUnloadMs } = this.options;
    if (idleUnloadMs === undefined || this.activeJobs > 0) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.activeJobs > 0 || !this.hosts.some((host) => isServing(host.state))) return;
      this.options.onIdleUnload?.();
      void this.unload();
    }, idleUnloadMs);
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
   * round-robin so equal replicas share the work; a paused replica only when every one is.
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

/** Lower is better. A paused replica (crash loop) fails calls at once: it is the last resort, when all are paused. */
function score(host: WorkerHost): number {
  if (host.state.kind === 'paused') return Number.POSITIVE_INFINITY;
  return host.activeJobs * 2 + (isServing(host.state) ? 0 : 1);
}
