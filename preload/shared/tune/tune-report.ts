import { z } from 'zod';

/**
 * What `demo-desktop tune` measured and chose for one event, as the app stores it (the
 * `tune_reports` table, main/store/tune-reports.ts) and shows it (the home screen's project card,
 * the editor's Capacity section). The single definition of a trial's and a stop's shape: the
 * tune's own types (main/tune/tune-types.ts) are inferred from these schemas.
 */

const count = z.number().int().nonnegative();
const ms = z.number().nonnegative();

/** One point of the search: an event's concurrency limit, its largest batch (1 = no batching), worker replicas. */
export const trialConfig = z.object({
  concurrency: z.number().int().positive(),
  batch: z.number().int().positive(),
  replicas: z.number().int().positive(),
});

/** What a closed-loop load measured: completed requests per second over the window, latency percentiles, counts. */
export const loadMeasurement = z.object({
  throughput: z.number().nonnegative(),
  p50Ms: ms,
  p95Ms: ms,
  p99Ms: ms,
  completed: count,
  failed: count,
  /** The first failure's message when some requests failed. */
  error: z.string().optional(),
});

export const trialResult = loadMeasurement.extend({
  config: trialConfig,
  /** Highest resident memory of the engine's worker processes together during the trial, or null where unknown. */
  peakWorkerBytes: count.nullable(),
  /** Highest GPU memory in use during the trial (all devices), or null where no vendor tool reports it. */
  peakGpuBytes: count.nullable(),
  /** Set when the memory watchdog stopped the trial early (its figures are then not comparable). */
  stoppedBy: z.literal('memory').optional(),
});

/** Why a direction of the search (more concurrency, larger batches, more replicas) stopped. */
export const stopReason = z.enum(['throughput', 'latency', 'memory', 'budget', 'limit', 'failed']);

export const stop = z.object({
  direction: z.enum(['concurrency', 'batch', 'replicas']),
  reason: stopReason,
  /** The config the search did not go past (or did not try, for a predicted memory stop). */
  at: trialConfig,
  /** One sentence: the figures behind the stop. */
  detail: z.string(),
});

/** The settings `tune` recommends for the event (what `--write` writes, and the editor's Apply). */
export const eventRecommendation = z.object({
  concurrencyLimit: z.number().int().positive(),
  batch: z.boolean(),
  maxBatchSize: z.number().int().positive(),
  /** Worker replicas per model of the event's function. */
  replicas: z.record(z.string(), z.number().int().positive()),
  /** queue.maxSize from `--max-wait`; null: leave it as it is. */
  maxSize: z.number().int().positive().nullable(),
});

/** The capacity statement's figures (main/tune/recommend.ts): per minute, p95, the wait of a burst. */
export const capacity = z.object({
  requestsPerMinute: count,
  p95Ms: ms,
  burst: z.number().int().positive(),
  burstWaitMs: ms,
  /** "/predict serves ~N requests/minute at p95 ≤ X on this machine; a burst of 100 users waits up to Y." */
  statement: z.string(),
});

/** One event's tune: every trial, why each direction stopped, the knee and what it implies. */
export const eventTuneReport = z.object({
  apiName: z.string().min(1),
  latencyTargetMs: ms,
  memoryBudgetBytes: count,
  trials: z.array(trialResult),
  stops: z.array(stop),
  /** Index in `trials` of the chosen setting (the knee), or null when none met the target. */
  chosen: count.nullable(),
  /** Why the knee is where it is, in one sentence (null without one). */
  kneeReason: z.string().nullable(),
  recommendation: eventRecommendation.nullable(),
  capacity: capacity.nullable(),
});

/** A stored report: which project and event, when, and whether project.json changed since. */
export const storedTuneReport = z.object({
  /** The project.json's real path. */
  project: z.string(),
  event: z.string(),
  /** ISO time the tune finished. */
  measuredAt: z.string(),
  /** project.json changed since the tune (its content hash differs), or null when it cannot be read. */
  stale: z.boolean().nullable(),
  report: eventTuneReport,
});

export type TrialConfig = z.infer<typeof trialConfig>;
export type LoadMeasurement = z.infer<typeof loadMeasurement>;
export type TrialResult = z.infer<typeof trialResult>;
export type StopReason = z.infer<typeof stopReason>;
export type Stop = z.infer<typeof stop>;
export type EventRecommendation = z.infer<typeof eventRecommendation>;
export type Capacity = z.infer<typeof capacity>;
export type EventTuneReport = z.infer<typeof eventTuneReport>;
export type StoredTuneReport = z.infer<typeof storedTuneReport>;
