import { availableParallelism, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { AppError, isCancelled } from '../../preload/shared/errors.js';
import { normalize, type AppEvent } from '../../preload/shared/project/normalize.js';
import type { Logger } from '../common/logger.js';
import type { LoadedProject } from '../project/load.js';
import type { ModelEnvironment } from '../runtimes/runtime.js';
import { defaultMemoryProbe, defaultMinFreeBytes, type MemoryLimits, type MemoryProbe } from './memory-watch.js';
import { recommend, type Recommendation } from './recommend.js';
import { sampleRows } from './sample-inputs.js';
import { tuneEvent, type EventTune, type TrialTiming } from './tune-event.js';
import { DEFAULT_SEARCH, type SearchLimits, type TrialResult } from './tune-types.js';

/**
 * `demo-desktop tune`, without the command line: every event (or one) of a project tuned in turn
 * on the real engine, each within its share of the time budget, then the recommendation.
 */

export interface TuneOptions {
  readonly loaded: LoadedProject;
  /** One event's api name; all events when absent. */
  readonly event?: string;
  readonly budgetMs: number;
  readonly maxWaitMs?: number;
  /** p95 target; null derives one per event (tune-event.ts). */
  readonly latencyTargetMs: number | null;
  /** Worker memory budget; default the project's memoryBudgetMb, else 75% of RAM (the engine's own default). */
  readonly memoryBudgetBytes?: number;
  /** Sample inputs (rows of values), for every tuned event; default its examples or component values. */
  readonly inputs?: unknown;
  readonly signal: AbortSignal;
  readonly search?: Partial<Omit<SearchLimits, 'latencyTargetMs' | 'memoryBudgetBytes' | 'gpuBudgetBytes'>>;
  /** Trial timing; default from the budget (timingFor). */
  readonly timing?: TrialTiming;
  /** Most replicas to try; default this machine's cores (at most 8). */
  readonly maxReplicas?: number;
  readonly probe?: MemoryProbe;
  readonly environment?: Partial<ModelEnvironment>;
  readonly logger?: Logger;
  readonly onEvent?: (event: AppEvent) => void;
  readonly onTrial?: (event: AppEvent, result: TrialResult) => void;
}

export interface TuneResult {
  readonly events: readonly (EventTune | { readonly event: AppEvent; readonly error: string })[];
  readonly recommendation: Recommendation;
  readonly memoryBudgetBytes: number;
}

/** About 25 trials fit an event's share of the budget; each at least 250 ms, at most 2 s, a quarter more of warm-up. */
export function timingFor(shareMs: number): TrialTiming {
  const durationMs = Math.min(2_000, Math.max(250, shareMs / 32));
  return { warmupMs: durationMs / 4, durationMs, minCompleted: 20, maxMs: durationMs * 4 };
}

function selectEvents(events: readonly AppEvent[], name: string | undefined): AppEvent[] {
  if (name === undefined) return [...events];
  const event = events.find((candidate) => candidate.apiName === name || candidate.apiName === name.replace(/^\//, ''));
  if (!event) {
    throw new AppError(
      'NOT_FOUND',
      `No event with api name "${name}"; this project has ${events.map((e) => `"${e.apiName}"`).join(', ')}.`,
    );
  }
  return [event];
}

async function memoryLimits(probe: MemoryProbe, budgetBytes: number, signal: AbortSignal): Promise<MemoryLimits> {
  const start = await probe(signal);
  const gpuFree = start.gpuTotalBytes !== null && start.gpuUsedBytes !== null ? start.gpuTotalBytes - start.gpuUsedBytes : null;
  return {
    budgetBytes,
    gpuBudgetBytes: gpuFree === null ? null : 0.9 * gpuFree,
    gpuBaselineBytes: start.gpuUsedBytes ?? 0,
    minFreeBytes: defaultMinFreeBytes(),
  };
}

export async function tuneProject(options: TuneOptions): Promise<TuneResult> {
  const { loaded } = options;
  const app = normalize(loaded.project);
  const events = selectEvents(app.events, options.event);
  // Sample inputs first: a project without usable inputs fails before any worker starts.
  const rows = new Map(events.map((event) => [event.index, sampleRows(app, event, loaded.dir, options.inputs)]));
  const budgetMb = loaded.project.memoryBudgetMb;
  const memoryBudgetBytes = options.memoryBudgetBytes ?? (budgetMb !== undefined ? budgetMb * 2 ** 20 : Math.round(0.75 * totalmem()));
  const probe = options.probe ?? defaultMemoryProbe();
  const memory = await memoryLimits(probe, memoryBudgetBytes, options.signal);
  const end = performance.now() + options.budgetMs;
  const results: TuneResult['events'][number][] = [];
  for (const [i, event] of events.entries()) {
    const deadline = performance.now() + (end - performance.now()) / (events.length - i);
    options.onEvent?.(event);
    try {
      results.push(
        await tuneEvent({
          loaded,
          app,
          event,
          rows: rows.get(event.index) ?? [[]],
          latencyTargetMs: options.latencyTargetMs,
          limits: { ...DEFAULT_SEARCH, ...options.search, memoryBudgetBytes, gpuBudgetBytes: memory.gpuBudgetBytes },
          memory,
          probe,
          timing: options.timing ?? timingFor(deadline - performance.now()),
          deadline,
          maxReplicas: options.maxReplicas ?? Math.min(8, availableParallelism()),
          signal: options.signal,
          ...(options.environment ? { environment: options.environment } : {}),
          ...(options.logger ? { logger: options.logger } : {}),
          onTrial: (result) => options.onTrial?.(event, result),
        }),
      );
    } catch (error) {
      if (isCancelled(error) || options.signal.aborted) throw error;
      results.push({ event, error: error instanceof Error ? error.message : String(error) });
    }
  }
  const tuned = results.filter((result): result is EventTune => 'trials' in result);
  return { events: results, recommendation: recommend(tuned, loaded.project, options.maxWaitMs), memoryBudgetBytes };
}
