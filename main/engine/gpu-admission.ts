import type { Disposable } from '../common/disposable.js';
import type { TypedEvents } from '../common/typed-events.js';
import type { GpuMemoryMonitor } from '../gpu/gpu-memory-monitor.js';
import type { App } from '../../preload/shared/project/normalize.js';
import type { Project } from '../../preload/shared/project/schema.js';
import type { RuntimePool } from '../runtimes/runtime-pool.js';
import type { Admission } from '../scheduler/scheduler.js';
import type { SchedulerEvents } from '../scheduler/scheduler-events.js';

/**
 * GPU-memory-aware admission for the engine: an event whose function uses a model loaded on an
 * NVIDIA GPU starts another concurrent run only while the run's measured memory fits the GPU's
 * free memory (GpuMemoryMonitor). Events on the CPU, JS-only events and models not loaded yet are
 * never limited by it; the group's `concurrencyLimit` still applies on top. See docs/engine.md.
 */

/** The device a model's loaded replicas run on ('cpu', 'cuda', 'cuda:1', 'webgpu'), or undefined before it loads. */
export type ModelDeviceLookup = (model: string) => string | undefined;

/**
 * The models a function uses: its own (model functions), its members' (parallel, chain,
 * recursively). A JS function's models are unknown (ctx.call is dynamic), so it counts as none.
 */
export function modelsOf(project: Pick<Project, 'functions'>, name: string, seen = new Set<string>()): string[] {
  const fn = project.functions[name];
  if (!fn || seen.has(name)) return [];
  seen.add(name);
  switch (fn.kind) {
    case 'model':
      return [fn.model];
    case 'js':
      return [];
    case 'parallel':
    case 'chain':
      return [...new Set(fn.functions.flatMap((member) => modelsOf(project, member, seen)))];
  }
}

/** The device of a model's first loaded replica, from the runtime pool. */
export function poolDeviceLookup(pool: RuntimePool): ModelDeviceLookup {
  return (model) => {
    if (!pool.modelNames.includes(model)) return undefined;
    return pool.model(model).hosts.find((host) => host.loadedInfo !== undefined)?.loadedInfo?.device;
  };
}

export interface GpuAdmissionOptions {
  readonly project: Pick<Project, 'functions'>;
  readonly app: Pick<App, 'events'>;
  /** Owned: disposed with this admission. */
  readonly monitor: GpuMemoryMonitor;
  readonly deviceOf: ModelDeviceLookup;
  /** The scheduler's events: runs are tracked from `started` to the last member's `finished`. */
  readonly events: Pick<TypedEvents<SchedulerEvents>, 'on'>;
  /** Re-runs the scheduler's dispatch (Scheduler.wake) when a reading may change the answer. */
  readonly wake: () => void;
}

interface Lease {
  remaining: number;
  readonly end: () => void;
}

export class GpuAdmission implements Disposable {
  private readonly modelsByKey: ReadonlyMap<string, readonly string[]>;
  private readonly leases = new Map<string, Lease>();
  private readonly subscriptions: Disposable[];

  constructor(private readonly options: GpuAdmissionOptions) {
    const { project, app, monitor, events } = options;
    this.modelsByKey = new Map(app.events.map((event) => [event.apiName, modelsOf(project, event.fn)]));
    this.subscriptions = [
      events.on('started', ({ jobIds, key }) => this.started(jobIds, key)),
      events.on('finished', ({ jobId }) => this.finished(jobId)),
      monitor.onChange(() => options.wake()),
    ];
  }

  /** The NVIDIA devices (`cuda:<n>`) the event with this api name runs on now. */
  devices(statsKey: string): string[] {
    const ids = new Set<string>();
    for (const model of this.modelsByKey.get(statsKey) ?? []) {
      const loaded = this.options.deviceOf(model);
      const id = loaded === undefined ? null : this.options.monitor.deviceFor(loaded);
      if (id !== null) ids.add(id);
    }
    return [...ids];
  }

  /** The scheduler hook: GPU-bound events ask the monitor about every device they use. */
  readonly admit: Admission = (_groupId, statsKey) =>
    this.devices(statsKey).every((device) => this.options.monitor.canAdmit(device, statsKey));

  dispose(): void {
    for (const subscription of this.subscriptions) void subscription.dispose();
    for (const lease of new Set(this.leases.values())) lease.end();
    this.leases.clear();
    this.options.monitor.dispose();
  }

  private started(jobIds: readonly string[], key: string): void {
    const devices = this.devices(key);
    if (devices.length === 0) return;
    const ends = devices.map((device) => this.options.monitor.begin(device, key));
    const lease: Lease = { remaining: jobIds.length, end: () => ends.forEach((end) => end()) };
    for (const id of jobIds) this.leases.set(id, lease);
  }

  private finished(jobId: string): void {
    const lease = this.leases.get(jobId);
    if (!lease) return;
    this.leases.delete(jobId);
    lease.remaining--;
    if (lease.remaining === 0) lease.end();
  }
}
