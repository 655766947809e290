import type { Project } from '../../preload/shared/project/schema.js';
import type { Capacity } from '../../preload/shared/tune/tune-report.js';
import { formatMs } from './duration.js';
import type { EventTune } from './tune-event.js';

/**
 * What `tune` recommends, from the chosen trial of each event: the event's concurrency limit and
 * batch settings, the replicas of its models, `queue.maxSize` from the wait the owner accepts
 * (what the measured throughput serves in that time), and the capacity statement.
 */

export interface EventSettings {
  readonly eventIndex: number;
  readonly apiName: string;
  readonly concurrencyLimit: number;
  readonly batch: boolean;
  readonly maxBatchSize: number;
}

export interface Recommendation {
  readonly events: readonly EventSettings[];
  /** Replicas per model (the largest an event's chosen setting asks of it). */
  readonly replicas: Readonly<Record<string, number>>;
  /** queue.maxSize, or undefined to leave it as it is (no --max-wait). */
  readonly maxSize: number | undefined;
  readonly capacity: readonly string[];
}

/** The largest burst the capacity statement speaks of. */
export const BURST = 100;

/** The capacity statement and its figures: the chosen setting's throughput per minute, its p95, how long a burst waits. */
export function capacityOf(tune: EventTune): Capacity | null {
  const chosen = tune.chosen;
  if (!chosen || chosen.throughput <= 0) return null;
  const requestsPerMinute = Math.round(chosen.throughput * 60);
  const burstWaitMs = (BURST / chosen.throughput) * 1_000;
  const statement =
    `/${tune.event.apiName} serves ~${requestsPerMinute.toLocaleString('en-US')} requests/minute at p95 ≤ ${formatMs(chosen.p95Ms)} on this machine; ` +
    `a burst of ${BURST} users waits up to ${formatMs(burstWaitMs)}.`;
  return { requestsPerMinute, p95Ms: chosen.p95Ms, burst: BURST, burstWaitMs, statement };
}

export function capacityStatement(tune: EventTune): string | null {
  return capacityOf(tune)?.statement ?? null;
}

export function recommend(tunes: readonly EventTune[], project: Project, maxWaitMs: number | undefined): Recommendation {
  const events: EventSettings[] = [];
  const replicas: Record<string, number> = {};
  const sizes: number[] = [];
  for (const tune of tunes) {
    const chosen = tune.chosen;
    if (!chosen) continue;
    const batch = chosen.config.batch > 1 || tune.event.batch;
    events.push({
      eventIndex: tune.event.index,
      apiName: tune.event.apiName,
      concurrencyLimit: chosen.config.concurrency,
      batch,
      maxBatchSize: batch ? chosen.config.batch : tune.event.maxBatchSize,
    });
    for (const model of tune.models.filter((name) => name in project.models)) {
      replicas[model] = Math.max(replicas[model] ?? 1, chosen.config.replicas);
    }
    if (maxWaitMs !== undefined) sizes.push(Math.max(1, Math.floor((chosen.throughput * maxWaitMs) / 1_000)));
  }
  // The queue is shared: the slowest event's waiting jobs must be served within the wait too.
  const maxSize = sizes.length > 0 ? Math.min(...sizes) : undefined;
  const capacity = tunes.map(capacityStatement).filter((line): line is string => line !== null);
  return { events, replicas, maxSize, capacity };
}
