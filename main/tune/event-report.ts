import type { EventTuneReport } from '../../preload/shared/tune/tune-report.js';
import { formatMs } from './duration.js';
import { capacityOf } from './recommend.js';
import { CHOOSE_WITHIN, describe } from './search.js';
import type { EventTune } from './tune-event.js';
import type { TuneResult } from './tune-project.js';

/**
 * A tune as the app keeps it: one report per tuned event (preload/shared/tune/tune-report.ts),
 * with its trials, stops, the knee and why, the event's share of the recommendation and the
 * capacity statement. Events that could not be tuned (an error) have no report.
 */

/** Why the knee is where it is: the search's rule (search.ts `choose`), with the figures. */
export function kneeReason(tune: EventTune): string | null {
  const chosen = tune.chosen;
  if (!chosen) return null;
  const best = Math.max(
    ...tune.trials
      .filter((t) => !t.stoppedBy && t.failed === 0 && t.completed > 0 && t.p95Ms <= tune.latencyTargetMs)
      .map((t) => t.throughput),
  );
  const within = Math.round(CHOOSE_WITHIN * 100);
  return (
    `${describe(chosen.config)}: ${chosen.throughput.toFixed(1)} req/s at p95 ${formatMs(chosen.p95Ms)}, ` +
    `the fewest requests in flight within ${within}% of the best throughput (${best.toFixed(1)} req/s) with p95 ≤ ${formatMs(tune.latencyTargetMs)}.`
  );
}

export function eventReports(result: TuneResult): EventTuneReport[] {
  const { recommendation } = result;
  return result.events
    .filter((tuned): tuned is EventTune => 'trials' in tuned)
    .map((tune) => {
      const settings = recommendation.events.find((e) => e.eventIndex === tune.event.index);
      const replicas = Object.fromEntries(
        tune.models.filter((m) => m in recommendation.replicas).map((m) => [m, recommendation.replicas[m] ?? 1]),
      );
      return {
        apiName: tune.event.apiName,
        latencyTargetMs: tune.latencyTargetMs,
        memoryBudgetBytes: result.memoryBudgetBytes,
        trials: [...tune.trials],
        stops: [...tune.stops],
        chosen: tune.chosen ? tune.trials.indexOf(tune.chosen) : null,
        kneeReason: kneeReason(tune),
        recommendation: settings
          ? {
              concurrencyLimit: settings.concurrencyLimit,
              batch: settings.batch,
              maxBatchSize: settings.maxBatchSize,
              replicas,
              maxSize: recommendation.maxSize ?? null,
            }
          : null,
        capacity: capacityOf(tune),
      };
    });
}
