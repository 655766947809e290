/** The vocabulary of `demo-desktop tune`: what one trial tries, what it measured, why a search stopped. */

import type { LoadMeasurement, Stop, StopReason, TrialConfig, TrialResult } from '../../preload/shared/tune/tune-report.js';

/**
 * A trial's config and figures, a stop and its reasons: defined once as zod schemas in
 * preload/shared/tune/tune-report.ts (the app stores and shows them too) and inferred here.
 */
export type { LoadMeasurement, Stop, StopReason, TrialConfig, TrialResult };

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
