import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tuneProject } from '../../main/tune/tune-project.js';
import type { EventTune } from '../../main/tune/tune-event.js';
import { heavyFixture, type Fixture } from './tune-fixtures.js';

/**
 * The memory check on the real engine: a function whose every request holds 24 MB for
 * 200 ms is sleep-bound (its throughput doubles with each doubling of concurrency), so only the
 * project's memoryBudgetMb (320) can stop the climb, and it must: the search stops on memory,
 * while throughput was still rising, and the setting it chooses stayed within the budget.
 */

const BUDGET_MB = 320;

describe('tune: a model whose requests need much memory is limited by the memory budget', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await heavyFixture(24, 200, BUDGET_MB);
  });
  afterAll(() => fx.remove());

  it('stops on memory, not throughput, and chooses a setting within the budget', async () => {
    const result = await tuneProject({
      loaded: await fx.load(),
      budgetMs: 90_000,
      // Latency never decides here: only memory may stop the climb.
      latencyTargetMs: 60_000,
      signal: new AbortController().signal,
      search: { maxConcurrency: 64 },
      timing: { warmupMs: 200, durationMs: 800, minCompleted: 5, maxMs: 3_000 },
      maxReplicas: 1,
    });
    const tune = result.events[0] as EventTune;
    expect('trials' in tune, JSON.stringify(tune)).toBe(true);
    const lines = tune.trials.map(
      (t) =>
        `c${t.config.concurrency}: ${t.throughput.toFixed(1)} req/s, ${((t.peakWorkerBytes ?? 0) / 2 ** 20).toFixed(0)} MB${t.stoppedBy ? ' (watchdog)' : ''}`,
    );
    console.log(`heavy (24 MB a request, budget ${BUDGET_MB} MB):\n${lines.join('\n')}\n${tune.stops.map((s) => s.detail).join('\n')}`);
    const stop = tune.stops.find((s) => s.direction === 'concurrency');
    expect(stop?.reason, JSON.stringify(tune.stops)).toBe('memory');
    const chosen = tune.chosen;
    expect(chosen).not.toBeNull();
    expect(chosen?.peakWorkerBytes).toBeLessThanOrEqual(BUDGET_MB * 2 ** 20);
    expect(chosen?.config.concurrency).toBeLessThan(64);
    // Throughput had not stopped rising: the chosen setting beat the one before it by more than the 5% a step needs.
    const before = tune.trials.find((t) => t.config.concurrency === (chosen?.config.concurrency ?? 0) / 2);
    if (before) expect(chosen?.throughput).toBeGreaterThan(1.05 * before.throughput);
    expect(result.recommendation.events[0]?.concurrencyLimit).toBe(chosen?.config.concurrency);
  }, 180_000);
});
