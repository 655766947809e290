import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../main/project/load.js';
import type { EventTune } from '../../main/tune/tune-event.js';
import { tuneProject } from '../../main/tune/tune-project.js';
import { REPO_ROOT } from '../runtimes/support.js';

/** The shipped tiny text model (examples/sentiment, transformers.js): tune runs it from its examples end to end. */
describe('tune on a tiny text model', () => {
  it('examples/sentiment: every trial runs without failures, batches are tried, a setting is chosen and stated', async () => {
    const result = await tuneProject({
      loaded: await loadProject(join(REPO_ROOT, 'examples', 'sentiment', 'project.json')),
      budgetMs: 15_000,
      latencyTargetMs: null,
      signal: new AbortController().signal,
      search: { maxConcurrency: 8, maxBatch: 8 },
      timing: { warmupMs: 100, durationMs: 300, minCompleted: 10, maxMs: 1_500 },
      maxReplicas: 1,
      environment: { offline: true },
    });
    const tune = result.events[0] as EventTune;
    expect('trials' in tune, JSON.stringify(tune)).toBe(true);
    for (const trial of tune.trials) expect(trial.failed, trial.error).toBe(0);
    expect(tune.trials.some((t) => t.config.batch > 1)).toBe(true);
    expect(tune.chosen).not.toBeNull();
    expect(tune.latencyTargetMs).toBeGreaterThanOrEqual(1_000);
    expect(result.recommendation.events).toHaveLength(1);
    expect(result.recommendation.capacity[0]).toMatch(/^\/predict serves ~[\d,]+ requests\/minute at p95 ≤ /);
  }, 120_000);
});
