import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overLimit, watchMemory, type MemoryLimits, type MemoryProbe, type MemoryReading } from '../../main/tune/memory-watch.js';
import type { EventTune } from '../../main/tune/tune-event.js';
import { tuneProject } from '../../main/tune/tune-project.js';
import { heavyFixture, type Fixture } from './tune-fixtures.js';

const MB = 2 ** 20;
const LIMITS: MemoryLimits = { budgetBytes: 500 * MB, gpuBudgetBytes: 1_000 * MB, gpuBaselineBytes: 2_000 * MB, minFreeBytes: 256 * MB };
const reading = (over: Partial<MemoryReading> = {}): MemoryReading => ({
  workersBytes: 100 * MB,
  gpuUsedBytes: 2_100 * MB,
  gpuTotalBytes: 8_000 * MB,
  freeBytes: 4_000 * MB,
  ...over,
});

describe('the memory watchdog', () => {
  it('names the limit passed: the workers past the budget, the GPU past its free memory, the machine running low', () => {
    expect(overLimit(reading(), LIMITS)).toBeNull();
    expect(overLimit(reading({ workersBytes: 501 * MB }), LIMITS)).toBe('workers reached 501 MB, past the 500 MB budget');
    expect(overLimit(reading({ gpuUsedBytes: 3_100 * MB }), LIMITS)).toBe(
      'the GPU reached 1100 MB more than at the start, past its 1000 MB free memory',
    );
    expect(overLimit(reading({ freeBytes: 100 * MB }), LIMITS)).toBe('the machine had only 100 MB of memory left');
    expect(overLimit(reading({ workersBytes: null, gpuUsedBytes: null }), LIMITS)).toBeNull();
  });

  it('keeps the peaks and calls onOver once, then stops sampling', async () => {
    const series = [
      reading({ workersBytes: 200 * MB }),
      reading({ workersBytes: 450 * MB, gpuUsedBytes: 2_600 * MB }),
      reading({ workersBytes: 600 * MB }),
    ];
    let reads = 0;
    const probe: MemoryProbe = () => Promise.resolve(series[Math.min(reads++, series.length - 1)] ?? reading());
    const overs: string[] = [];
    const peaks = await watchMemory(probe, LIMITS, 1, new AbortController().signal, (detail) => overs.push(detail));
    expect(overs).toEqual(['workers reached 600 MB, past the 500 MB budget']);
    expect(reads).toBe(3);
    expect(peaks).toEqual({ workersBytes: 600 * MB, gpuBytes: 600 * MB });
  });
});

describe('the watchdog stops a real trial', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await heavyFixture(1, 100, 10_000);
  });
  afterAll(() => fx.remove());

  it('a trial whose machine runs low is cut short, marked, and ends the search on memory', async () => {
    // The real engine and load; a probe whose machine "runs low" a few samples into the second trial.
    let trialsDone = 0;
    let samples = 0;
    const probe: MemoryProbe = () => Promise.resolve(reading({ freeBytes: trialsDone >= 1 && ++samples > 3 ? 10 * MB : 4_000 * MB }));
    const result = await tuneProject({
      loaded: await fx.load(),
      budgetMs: 60_000,
      latencyTargetMs: 60_000,
      signal: new AbortController().signal,
      probe,
      timing: { warmupMs: 200, durationMs: 3_000, minCompleted: 5, maxMs: 10_000 },
      maxReplicas: 1,
      search: { maxConcurrency: 8 },
      onTrial: () => {
        trialsDone++;
      },
    });
    const tune = result.events[0] as EventTune;
    const [first, second] = tune.trials;
    expect(first?.stoppedBy).toBeUndefined();
    expect(second?.stoppedBy).toBe('memory');
    // Cut short: a few hundred ms of its 3 s window, so far fewer requests than the first trial's.
    expect(second?.completed ?? 0).toBeLessThan((first?.completed ?? 0) / 2);
    expect(tune.trials).toHaveLength(2);
    expect(tune.stops[0]).toMatchObject({ reason: 'memory', at: { concurrency: 2 } });
    expect(tune.stops[0]?.detail).toMatch(/the memory watchdog stopped the trial: the machine had only 10 MB of memory left/);
    expect(tune.chosen?.config.concurrency).toBe(1);
  }, 120_000);
});
