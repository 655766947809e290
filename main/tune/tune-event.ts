import { performance } from 'node:perf_hooks';
import type { App, AppEvent } from '../../preload/shared/project/normalize.js';
import { CancelledError } from '../../preload/shared/errors.js';
import type { Logger } from '../common/logger.js';
import type { LoadedProject } from '../project/load.js';
import type { ModelEnvironment } from '../runtimes/runtime.js';
import { watchMemory, type MemoryLimits, type MemoryProbe } from './memory-watch.js';
import { runLoad } from './run-load.js';
import { doublings, searchReplicas, searchSettings, type Measure } from './search.js';
import { TrialEngines } from './trial-engines.js';
import { modelsOfFunction } from './trial-project.js';
import { clientsOf, type SearchLimits, type Stop, type TrialConfig, type TrialResult } from './tune-types.js';

/** Tunes one event on the real engine: the search of search.ts, each trial a real load (run-load.ts). */

export interface TrialTiming {
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly minCompleted: number;
  readonly maxMs: number;
}

export interface TuneEventOptions {
  readonly loaded: LoadedProject;
  readonly app: App;
  readonly event: AppEvent;
  readonly rows: readonly (readonly unknown[])[];
  /** Null: three times the p95 of one request alone, at least 1 s. */
  readonly latencyTargetMs: number | null;
  readonly limits: Omit<SearchLimits, 'latencyTargetMs'>;
  readonly memory: MemoryLimits;
  readonly probe: MemoryProbe;
  readonly timing: TrialTiming;
  /** performance.now() past which no trial starts. */
  readonly deadline: number;
  readonly maxReplicas: number;
  readonly signal: AbortSignal;
  readonly environment?: Partial<ModelEnvironment>;
  readonly logger?: Logger;
  readonly onTrial?: (result: TrialResult) => void;
}

export interface EventTune {
  readonly event: AppEvent;
  readonly latencyTargetMs: number;
  readonly trials: readonly TrialResult[];
  readonly stops: readonly Stop[];
  readonly chosen: TrialResult | null;
  /** Models whose replicas the tune chose (the function's models). */
  readonly models: readonly string[];
}

/** Floor of the default latency target: batching waits and a busy machine need room. */
export const MIN_DEFAULT_TARGET_MS = 1_000;

/** Whether larger batches can be tried: a model function (the engine batches its calls) or an event that already batches. */
export function batchable(loaded: LoadedProject, event: AppEvent): boolean {
  return event.batch || loaded.project.functions[event.fn]?.kind === 'model';
}

function throwIfInterrupted(signal: AbortSignal): void {
  if (signal.aborted) throw new CancelledError('The tune was interrupted.');
}

/**
 * Real trials of one event: each setting a closed-loop load (run-load.ts) on the trial engine of its
 * replica count, watched by the memory watchdog. Null when the deadline leaves no room for one.
 */
export function measureWith(options: TuneEventOptions, engines: TrialEngines): Measure {
  const { timing } = options;
  return async (config: TrialConfig) => {
    throwIfInterrupted(options.signal);
    if (options.deadline - performance.now() < timing.warmupMs + timing.durationMs) return null;
    const { engine, project } = await engines.get(config.replicas);
    const stop = new AbortController();
    const watching = new AbortController();
    const watchdog: { over: string | null } = { over: null };
    const peaks = watchMemory(options.probe, options.memory, 100, watching.signal, (detail) => {
      watchdog.over = detail;
      stop.abort();
    });
    const measured = await runLoad({
      engine,
      eventIndex: project.eventIndex(config.concurrency, config.batch),
      rows: options.rows,
      clients: clientsOf(config),
      ...timing,
      signal: AbortSignal.any([options.signal, stop.signal]),
    }).finally(() => watching.abort());
    const { workersBytes, gpuBytes } = await peaks;
    throwIfInterrupted(options.signal);
    // Fresh workers for the next trial: a stopped trial's memory is not given back to the OS.
    const { over } = watchdog;
    if (over !== null) await engines.dispose();
    const result: TrialResult = {
      config,
      ...measured,
      peakWorkerBytes: workersBytes,
      peakGpuBytes: gpuBytes,
      ...(over !== null ? { stoppedBy: 'memory' as const, error: over } : {}),
    };
    options.onTrial?.(result);
    return result;
  };
}

/** Every setting the search may try, at most: one event of the trial project each. */
export function gridOf(limits: Pick<SearchLimits, 'maxConcurrency' | 'maxBatch'>): { concurrency: number[]; batch: number[] } {
  return { concurrency: doublings(limits.maxConcurrency), batch: doublings(limits.maxBatch) };
}

/** Memoized: the default latency target is derived from the first trial, which the search then reuses. */
function memoize(measure: Measure): Measure {
  const seen = new Map<string, Promise<TrialResult | null>>();
  return (config) => {
    const key = `${config.concurrency}/${config.batch}/${config.replicas}`;
    const known = seen.get(key) ?? measure(config);
    seen.set(key, known);
    return known;
  };
}

export async function tuneEvent(options: TuneEventOptions): Promise<EventTune> {
  const { loaded, event } = options;
  const limits0 = { ...options.limits, maxBatch: batchable(loaded, event) ? options.limits.maxBatch : 1 };
  const engines = new TrialEngines({ ...options, grid: gridOf(limits0) });
  const models = modelsOfFunction(loaded.project, event.fn);
  try {
    const measure = memoize(measureWith(options, engines));
    let latencyTargetMs = options.latencyTargetMs;
    if (latencyTargetMs === null) {
      const alone = await measure({ concurrency: 1, batch: 1, replicas: 1 });
      latencyTargetMs = Math.max(MIN_DEFAULT_TARGET_MS, 3 * (alone?.p95Ms ?? 0));
    }
    const limits: SearchLimits = { ...limits0, latencyTargetMs };
    const found = await searchSettings(measure, limits);
    if (!found.chosen || models.length === 0 || options.maxReplicas <= 1) {
      return { event, latencyTargetMs, ...found, models };
    }
    const more = await searchReplicas(measure, found.chosen, limits, options.maxReplicas);
    return {
      event,
      latencyTargetMs,
      trials: [...found.trials, ...more.trials],
      stops: more.stop ? [...found.stops, more.stop] : found.stops,
      chosen: more.chosen,
      models,
    };
  } finally {
    await engines.dispose();
  }
}
