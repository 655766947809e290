/** The vocabulary of `demo-desktop tune`: what one trial tries, what it measured, why a search stopped. */

/** One point of the search: an event's concurrency limit, its largest batch (1 = no batching), worker replicas. */
export interface TrialConfig {
  readonly concurrency: number;
  readonly batch: number;
  readonly replicas: number;
}

/** What a closed-loop load measured (run-load.ts): the figures every trial reports. */
export interface LoadMeasurement {
  /** Completed requests per second over the measured window. */
  readonly throughput: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly completed: number;
  readonly failed: number;
  /** The first failure's message when some requests failed. */
  readonly error?: string;
}

export interface TrialResult extends LoadMeasurement {
  readonly config: TrialConfig;
  /** Highest resident memory of the engine's worker processes together during the trial, or null where unknown. */
  readonly peakWorkerBytes: number | null;
  /** Highest GPU memory in use during the trial (all devices), or null where no vendor tool reports it. */
  readonly peakGpuBytes: number | null;
  /** Set when the memory watchdog stopped the trial early (its figures are then not comparable). */
  readonly stoppedBy?: 'memory';
}

/** Why a direction of the search (more concurrency, larger batches, more replicas) stopped. */
export type StopReason = 'throughput' | 'latency' | 'memory' | 'budget' | 'limit' | 'failed';

export interface Stop {
  readonly direction: 'concurrency' | 'batch' | 'replicas';
  readonly reason: StopReason;
  /** The config the search did not go past (or did not try, for a predicted memory stop). */
  readonly at: TrialConfig;
  /** One sentence: the figures behind the stop. */
  readonly detail: string;
}

export interface SearchLimits {
  /** p95 a setting may reach and still count (ms). */
  readonly latencyTargetMs: number;
  /** Worker memory (bytes) no trial may pass; a step predicted to pass it is not run. */
  readonly memoryBudgetBytes: number;
  /** GPU memory (bytes) the trials may add to what was in use at the start, or null where unknown. */
  readonly gpuBudgetBytes: number | null;
  readonly maxConcurrency: number;
  /** 1 for functions that cannot batch. */
  readonly maxBatch: number;
  /** Most requests in flight at once (concurrency × batch). */
  readonly maxClients: number;
  /** A step counts as rising when it beats the best so far by this fraction (0.05 = 5%). */
  readonly minGain: number;
}

export const DEFAULT_SEARCH: Omit<SearchLimits, 'latencyTargetMs' | 'memoryBudgetBytes' | 'gpuBudgetBytes'> = {
  maxConcurrency: 64,
  maxBatch: 64,
  maxClients: 512,
  minGain: 0.05,
};

export const configKey = (config: TrialConfig): string => `c${config.concurrency}-b${config.batch}-r${config.replicas}`;

export const clientsOf = (config: TrialConfig): number => config.concurrency * config.batch;
