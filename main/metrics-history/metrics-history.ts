import type { Logger } from '../common/logger.js';
import type { Engine } from '../engine/types.js';
import type { Store } from '../store/open-store.js';
import { DEFAULT_RETENTION, MetricsRepository, type RetentionSettings } from './metrics-repository.js';
import { MetricsSampler } from './metrics-sampler.js';
import { createProcessProbe, type ProcessProbe } from './process-figures.js';

export const DEFAULT_SAMPLE_MS = 5_000;
/** How often old rows are rolled up; cheap when nothing is old enough (one indexed range query per table). */
export const DEFAULT_ROLLUP_MS = 60_000;

export interface MetricsHistoryOptions {
  readonly store: Store;
  readonly engine: Pick<Engine, 'jobEvents' | 'metrics' | 'app' | 'loaded'>;
  readonly logger: Logger;
  /** Default DEFAULT_SAMPLE_MS. */
  readonly sampleMs?: number;
  readonly rollupMs?: number;
  readonly retention?: RetentionSettings;
  /** Default createProcessProbe() (memory, workers, GPUs). */
  readonly probe?: ProcessProbe;
  /** Wall-clock ms; tests pass a fake clock. */
  readonly now?: () => number;
}

/** What sampling costs, for docs/dashboard.md and the dashboard's footer. */
export interface SamplerCost {
  readonly samples: number;
  /** Mean CPU time (user + system) of one sample, in µs: probe, rows and the queued write. */
  readonly meanCpuMicros: number;
}

/**
 * Metrics over time for one served project: every `sampleMs` one row per event goes to the store
 * (through its BatchWriter), and every `rollupMs` old rows are rolled up (per minute after a day,
 * per hour after a week). Both timers are unref'd: history never keeps the process alive.
 */
export class MetricsHistory {
  readonly repository: MetricsRepository;
  readonly project: string;
  readonly sampleMs: number;
  private readonly sampler: MetricsSampler;
  private readonly probe: ProcessProbe;
  private readonly now: () => number;
  private readonly abort = new AbortController();
  private readonly timers: NodeJS.Timeout[] = [];
  private sampling: Promise<void> = Promise.resolve();
  private cost = { samples: 0, cpuMicros: 0 };

  constructor(private readonly options: MetricsHistoryOptions) {
    this.now = options.now ?? Date.now;
    this.project = options.engine.loaded.file;
    this.sampleMs = options.sampleMs ?? DEFAULT_SAMPLE_MS;
    this.repository = new MetricsRepository(options.store.db, options.store.writer);
    this.sampler = new MetricsSampler(options.engine, this.project, this.now());
    this.probe = options.probe ?? createProcessProbe();
  }

  /** Starts the timers (a sample every `sampleMs`, a rollup now and every `rollupMs`). */
  start(): this {
    const sample = setInterval(() => void this.sampleNow(), this.sampleMs);
    const rollup = setInterval(() => this.rollupNow(), this.options.rollupMs ?? DEFAULT_ROLLUP_MS);
    for (const timer of [sample, rollup]) timer.unref();
    this.timers.push(sample, rollup);
    this.rollupNow();
    return this;
  }

  /** Takes one sample now (the timer's work; tests call it with a fake clock). Samples never overlap. */
  sampleNow(): Promise<void> {
    this.sampling = this.sampling.then(async () => {
      if (this.abort.signal.aborted) return;
      const cpu = process.cpuUsage();
      try {
        const figures = await this.probe(this.abort.signal);
        this.repository.record(this.sampler.take(this.now(), figures));
      } catch (error) {
        if (!this.stopping()) this.options.logger.warn('a metrics sample failed', { error: String(error) });
      }
      const spent = process.cpuUsage(cpu);
      this.cost = { samples: this.cost.samples + 1, cpuMicros: this.cost.cpuMicros + spent.user + spent.system };
    });
    return this.sampling;
  }

  /** A method, not a field read: the abort may happen while a sample awaits its probe. */
  private stopping(): boolean {
    return this.abort.signal.aborted;
  }

  /** Rolls up what is old enough (logged, never thrown: a busy database is tried again next time). */
  rollupNow(): void {
    try {
      const moved = this.repository.rollup(this.now(), this.options.retention ?? DEFAULT_RETENTION);
      if (moved.raw + moved.minute > 0) this.options.logger.debug('metrics rolled up', moved);
    } catch (error) {
      this.options.logger.warn('rolling up metrics history failed; it is tried again later', { error: String(error) });
    }
  }

  /** The app's events and any other the project's history has (an event renamed since), sorted. */
  events(): string[] {
    const names = new Set([...this.options.engine.app.events.map((event) => event.apiName), ...this.repository.events(this.project)]);
    return [...names].sort();
  }

  get samplerCost(): SamplerCost {
    return { samples: this.cost.samples, meanCpuMicros: this.cost.samples === 0 ? 0 : this.cost.cpuMicros / this.cost.samples };
  }

  /** Stops sampling; the rows already queued are committed by the store's close. */
  async stop(): Promise<void> {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    this.abort.abort();
    await this.sampling;
    this.sampler.dispose();
  }
}
