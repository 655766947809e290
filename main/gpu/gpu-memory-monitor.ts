import type { Disposable } from '../common/disposable.js';
import type { CommandRunner } from './command-runner.js';
import { DEFAULT_COMMAND_TIMEOUT_MS, runProbe, type DeviceProbe } from './device-probe.js';
import { GpuMemoryGate, type GpuMemoryGateOptions } from './gpu-memory-gate.js';
import { MemoryLearner } from './memory-learner.js';
import { createNvidiaSmiProbe } from './nvidia-smi.js';

/**
 * Measures NVIDIA GPU memory while GPU work runs and answers "may one more run of this key start
 * on this device now?" (GpuMemoryGate fed with a fresh free-memory reading and the key's measured
 * per-run memory, see MemoryLearner).
 *
 * - Polling: nvidia-smi (through the injectable CommandRunner) every `pollIntervalMs`, only while
 *   runs are in flight (`begin` ... end), one call at a time, on unref'd timers; when a device goes
 *   idle one more reading is taken (the idle baseline) and polling stops. A tool that answers with
 *   no devices backs off (doubling, up to 30 s). `dispose()` stops everything.
 * - A reading counts for learning only if no run began or ended on its device while it was taken;
 *   what a busy period teaches is learned when the device is idle again (MemoryLearner).
 * - Admission uses only fresh readings: taken since the device became busy (or, for an idle device,
 *   within `staleMs`). Without one it answers no and takes a reading, then `onChange` fires: a
 *   bounded wait of one nvidia-smi call. Runs that began less than `settleMs` before the reading
 *   may not be in it yet, so their estimates are subtracted from its free memory.
 * - A key never measured on a device is not limited; nor is a device nvidia-smi does not list.
 */

export interface GpuMemoryMonitorOptions {
  readonly runner: CommandRunner;
  /** The nvidia-smi executable (default: `nvidia-smi` on PATH). */
  readonly command?: string;
  readonly pollIntervalMs?: number;
  /** How long after a run starts its memory is assumed to show in readings. */
  readonly settleMs?: number;
  /** How old a reading of an idle device may be and still be used for admission. */
  readonly staleMs?: number;
  /** nvidia-smi is killed after this long. */
  readonly timeoutMs?: number;
  /** Reserve, safety factor and caps of the gate (the estimate is measured). */
  readonly gate?: Omit<GpuMemoryGateOptions, 'perRequestBytes'>;
  readonly now?: () => number;
}

interface RunEntry {
  readonly key: string;
  readonly startedAt: number;
}

interface DeviceState {
  readonly runs: Set<RunEntry>;
  /** Bumped whenever a run begins or ends on the device. */
  version: number;
  busySince: number;
  reading: { readonly launchedAt: number; readonly freeBytes: number | null } | undefined;
  readonly learner: MemoryLearner;
}

const MAX_BACKOFF_MS = 30_000;

export class GpuMemoryMonitor implements Disposable {
  private readonly devices = new Map<string, DeviceState>();
  private readonly listeners = new Set<() => void>();
  private readonly probe: DeviceProbe;
  private readonly gate: GpuMemoryGate;
  private readonly now: () => number;
  private readonly controller = new AbortController();
  private readonly waiters: (() => void)[] = [];
  private active = 0;
  private sampling = false;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  /** When the last completed reading was launched. */
  private lastCompleted = Number.NEGATIVE_INFINITY;
  private disposed = false;

  constructor(private readonly options: GpuMemoryMonitorOptions) {
    const timeoutMs = options.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
    this.probe = createNvidiaSmiProbe({ runner: options.runner, timeoutMs, ...(options.command ? { command: options.command } : {}) });
    this.gate = new GpuMemoryGate({ ...options.gate, perRequestBytes: 1 });
    this.now = options.now ?? (() => performance.now());
  }

  /** True while a reading is under way or scheduled. */
  get polling(): boolean {
    return this.sampling || this.timer !== undefined;
  }

  /**
   * The nvidia-smi device a runtime's device name is measured on, or null: `cuda` is `cuda:0`,
   * `cuda:<n>` itself; `webgpu` is the NVIDIA GPU only when nvidia-smi lists exactly one.
   */
  deviceFor(loadedDevice: string): string | null {
    const cuda = /^cuda(?::(\d+))?$/i.exec(loadedDevice.trim());
    if (cuda) return `cuda:${cuda[1] ?? 0}`;
    if (loadedDevice.trim().toLowerCase() !== 'webgpu') return null;
    if (this.lastCompleted === Number.NEGATIVE_INFINITY) {
      this.kick();
      return null;
    }
    const listed = [...this.devices].filter(([, state]) => state.reading !== undefined).map(([id]) => id);
    return listed.length === 1 ? (listed[0] ?? null) : null;
  }

  /** Marks a run of `key` in flight on the device; call the returned function when it ends. */
  begin(deviceId: string, key: string): () => void {
    if (this.disposed) return () => undefined;
    const state = this.state(deviceId);
    const run: RunEntry = { key, startedAt: this.now() };
    if (state.runs.size === 0) state.busySince = run.startedAt;
    state.runs.add(run);
    state.version++;
    this.active++;
    if (state.runs.size === 1) this.kick();
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      state.runs.delete(run);
      state.version++;
      this.active--;
      if (state.runs.size === 0) this.kick(); // the idle baseline
    };
  }

  /** Whether one more run of `key` fits on the device now (see the header for the rules). */
  canAdmit(deviceId: string, key: string): boolean {
    const state = this.devices.get(deviceId);
    const estimate = state?.learner.estimate(key);
    if (!state || estimate === undefined || this.disposed) return true;
    const { reading } = state;
    const since = state.runs.size > 0 ? state.busySince : this.now() - (this.options.staleMs ?? 2_000);
    if (!reading || reading.launchedAt < since) {
      if (this.lastCompleted >= since) return true; // a fresh reading did not list this device
      this.kick();
      return false;
    }
    const settleMs = this.options.settleMs ?? 1_000;
    let unseen = 0;
    for (const run of state.runs) if (run.startedAt > reading.launchedAt - settleMs) unseen += state.learner.estimate(run.key) ?? 0;
    const free = reading.freeBytes === null ? null : Math.max(0, reading.freeBytes - unseen);
    return this.gate.withEstimate(estimate).canAdmit(free, state.runs.size);
  }

  /** The measured per-run memory of `key` on the device, in bytes. */
  estimateBytes(deviceId: string, key: string): number | undefined {
    return this.devices.get(deviceId)?.learner.estimate(key);
  }

  /** Called after every reading (free memory or estimates may have changed). */
  onChange(listener: () => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  /** Takes a reading now (or right after the one under way); resolves when it is in. */
  refresh(): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.kick();
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.controller.abort();
    this.listeners.clear();
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  private state(deviceId: string): DeviceState {
    let state = this.devices.get(deviceId);
    if (!state) {
      state = { runs: new Set(), version: 0, busySince: 0, reading: undefined, learner: new MemoryLearner() };
      this.devices.set(deviceId, state);
    }
    return state;
  }

  private kick(): void {
    if (this.disposed) return;
    if (this.sampling) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    this.sampling = true;
    const waiters = this.waiters.splice(0);
    void this.sample().finally(() => {
      this.sampling = false;
      for (const resolve of waiters) resolve();
      if (this.again || this.waiters.length > 0) {
        this.again = false;
        this.kick();
      } else {
        this.schedule();
      }
    });
  }

  private schedule(): void {
    if (this.disposed || this.active === 0) return;
    const delay = Math.min(MAX_BACKOFF_MS, (this.options.pollIntervalMs ?? 500) * 2 ** Math.min(this.failures, 10));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.kick();
    }, delay);
    this.timer.unref();
  }

  private async sample(): Promise<void> {
    const launchedAt = this.now();
    const before = new Map(
      [...this.devices].map(([id, state]) => [id, { version: state.version, keys: [...state.runs].map((run) => run.key) }]),
    );
    const timeoutMs = (this.options.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS) + 1_000;
    const result = await runProbe(this.probe, { timeoutMs, signal: this.controller.signal }).catch(() => undefined);
    if (!result || this.disposed) return; // cancelled by dispose()
    this.lastCompleted = launchedAt;
    this.failures = result.devices.length === 0 ? this.failures + 1 : 0;
    for (const device of result.devices) {
      const state = this.state(device.id);
      state.reading = { launchedAt, freeBytes: device.memoryFreeBytes };
      const then = before.get(device.id) ?? { version: 0, keys: [] };
      const { memoryTotalBytes: total, memoryFreeBytes: free } = device;
      if (state.version === then.version && total !== null && free !== null) state.learner.observe(total - free, then.keys);
    }
    for (const listener of [...this.listeners]) listener();
  }
}
