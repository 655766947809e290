import { describe, expect, it } from 'vitest';
import { choose, doublings, eligible, searchReplicas, searchSettings, type Measure } from '../../main/tune/search.js';
import { DEFAULT_SEARCH, type SearchLimits, type TrialConfig, type TrialResult } from '../../main/tune/tune-types.js';

/**
 * The knee search on modelled machines (pure: the table is the measure). Each shape is also swept
 * exhaustively over the same grid, and the chosen setting must reach 90% of the sweep's best
 * throughput among the settings that meet the same latency target and memory budget.
 */

const MB = 2 ** 20;

interface Shape {
  throughput(c: number, b: number, r: number): number;
  memory(c: number, b: number, r: number): number;
}

function trial(shape: Shape, config: TrialConfig, noise = 1): TrialResult {
  const { concurrency: c, batch: b, replicas: r } = config;
  const throughput = shape.throughput(c, b, r) * noise;
  // Closed loop: c x b callers, each waiting one round (Little's law).
  const p50Ms = ((c * b) / throughput) * 1_000;
  return {
    config,
    throughput,
    p50Ms,
    p95Ms: p50Ms * 1.3,
    p99Ms: p50Ms * 1.5,
    completed: 100,
    failed: 0,
    peakWorkerBytes: shape.memory(c, b, r),
    peakGpuBytes: null,
  };
}

/** Deterministic ±amplitude noise per setting: a busy machine, reproducible. */
function noisy(amplitude: number): (config: TrialConfig) => number {
  return ({ concurrency, batch, replicas }) => 1 + amplitude * Math.sin(concurrency * 12.9898 + batch * 78.233 + replicas * 37.719);
}

function tableMeasure(shape: Shape, noise: (config: TrialConfig) => number = () => 1): { measure: Measure; runs: TrialConfig[] } {
  const runs: TrialConfig[] = [];
  return {
    runs,
    measure: (config) => {
      runs.push(config);
      return Promise.resolve(trial(shape, config, noise(config)));
    },
  };
}

function limits(over: Partial<SearchLimits> = {}): SearchLimits {
  return { ...DEFAULT_SEARCH, latencyTargetMs: 2_000, memoryBudgetBytes: 64 * 1024 * MB, gpuBudgetBytes: null, ...over };
}

function sweepBest(shape: Shape, l: SearchLimits, noise: (config: TrialConfig) => number = () => 1): TrialResult {
  const all = doublings(l.maxBatch).flatMap((batch) =>
    doublings(l.maxConcurrency)
      .filter((c) => c * batch <= l.maxClients)
      .map((concurrency) => trial(shape, { concurrency, batch, replicas: 1 }, noise({ concurrency, batch, replicas: 1 }))),
  );
  const ok = all.filter((t) => eligible(t, l));
  const best = ok.sort((a, b) => b.throughput - a.throughput)[0];
  if (!best) throw new Error('no eligible setting in the sweep');
  return best;
}

/** Two cores: compute saturates at 2 runs at once; batching saves only the per-call overhead. */
const computeBound: Shape = {
  throughput: (c, b) => (Math.min(c, 2) * 100 * b) / (b * 0.9 + 0.1 * 1) / (1 + Math.max(0, c - 2) * 0.02),
  memory: (c, b) => 200 * MB + c * b * MB,
};

/** Weights read once per call: batching multiplies throughput until the batch is compute-bound (32). */
const memoryBound: Shape = {
  throughput: (c, b) => Math.min(c, 2) * 40 * Math.min(b, 32) ** 0.85 * (1 - Math.max(0, c - 4) * 0.01),
  memory: (c, b) => 300 * MB + c * b * 2 * MB,
};

/** Each request holds 50 MB while it runs and runs are sleep-bound: throughput rises with concurrency for ever. */
const memoryHeavy: Shape = {
  throughput: (c) => c * 10,
  memory: (c, b) => 60 * MB + c * b * 50 * MB,
};

describe('the knee search (modelled machines)', () => {
  for (const [name, shape] of [
    ['compute-bound', computeBound],
    ['memory-bound', memoryBound],
  ] as const) {
    for (const amplitude of [0, 0.15]) {
      it(`${name}${amplitude ? ', ±15% noise' : ''}: reaches >= 90% of an exhaustive sweep's best at the same target, with far fewer trials`, async () => {
        const l = limits({ latencyTargetMs: 400 });
        const noise = noisy(amplitude);
        const { measure, runs } = tableMeasure(shape, noise);
        const found = await searchSettings(measure, l);
        const best = sweepBest(shape, l, noise);
        expect(found.chosen, JSON.stringify(found.stops)).not.toBeNull();
        expect(found.chosen?.p95Ms).toBeLessThanOrEqual(400);
        expect(found.chosen?.throughput).toBeGreaterThanOrEqual(0.9 * best.throughput);
        const grid = doublings(l.maxBatch).flatMap((b) => doublings(l.maxConcurrency).filter((c) => c * b <= l.maxClients));
        expect(runs.length).toBeLessThan(0.75 * grid.length);
      });
    }
  }

  it('memory-bound: chooses a large batch (batching is where its throughput is)', async () => {
    const found = await searchSettings(tableMeasure(memoryBound).measure, limits());
    expect(found.chosen?.config.batch).toBeGreaterThanOrEqual(16);
  });

  it('a model whose requests need much memory is limited by the budget, not by throughput, and no step passes it', async () => {
    const budget = 400 * MB;
    const l = limits({ memoryBudgetBytes: budget, latencyTargetMs: 60_000, maxBatch: 1 });
    const { measure, runs } = tableMeasure(memoryHeavy);
    const found = await searchSettings(measure, l);
    const stop = found.stops.find((s) => s.direction === 'concurrency');
    expect(stop?.reason).toBe('memory');
    // Throughput still doubled at every step: only memory stopped it.
    expect(found.chosen?.config.concurrency).toBe(4);
    expect(Math.max(...runs.map((c) => memoryHeavy.memory(c.concurrency, c.batch, 1)))).toBeLessThanOrEqual(budget);
    expect(stop?.detail).toMatch(/would need about 460 MB of worker memory, past the 400 MB budget/);
  });

  it('stops a direction when p95 passes the target and never chooses a setting past it', async () => {
    // Throughput keeps rising by more than 5% a step, latency with it: the target is what stops it.
    const queueing: Shape = { throughput: (c) => (c * 100) / (1 + 0.05 * c), memory: () => 100 * MB };
    const l = limits({ latencyTargetMs: 50, maxBatch: 1 });
    const found = await searchSettings(tableMeasure(queueing).measure, l);
    expect(found.stops[0]).toMatchObject({ reason: 'latency', at: { concurrency: 64 } });
    expect(found.chosen?.config.concurrency).toBe(32);
    expect(found.chosen?.p95Ms).toBeLessThanOrEqual(50);
  });

  it('keeps going past one dip (a busy machine) but stops after two steps without a 5% gain', async () => {
    const dip: Shape = { throughput: (c) => ({ 1: 100, 2: 180, 4: 150, 8: 300, 16: 305, 32: 306 })[c] ?? 300, memory: () => 100 * MB };
    const { measure, runs } = tableMeasure(dip);
    const found = await searchSettings(measure, limits({ maxBatch: 1 }));
    expect(runs.map((c) => c.concurrency)).toEqual([1, 2, 4, 8, 16, 32]);
    expect(found.chosen?.config.concurrency).toBe(8);
    expect(found.stops[0]).toMatchObject({ reason: 'throughput', at: { concurrency: 32 } });
  });

  it('stops when the time budget has no room (measure answers null) and still chooses from what it measured', async () => {
    let left = 3;
    const measure: Measure = (config) => Promise.resolve(left-- > 0 ? trial(computeBound, config) : null);
    const found = await searchSettings(measure, limits());
    expect(found.trials).toHaveLength(3);
    expect(found.stops.at(-1)?.reason).toBe('budget');
    expect(found.chosen).not.toBeNull();
  });

  it('chooses the smallest setting within 3% of the best', () => {
    const results = [
      trial({ throughput: () => 100, memory: () => 0 }, { concurrency: 8, batch: 1, replicas: 1 }),
      trial({ throughput: () => 98, memory: () => 0 }, { concurrency: 2, batch: 1, replicas: 1 }),
      trial({ throughput: () => 90, memory: () => 0 }, { concurrency: 1, batch: 1, replicas: 1 }),
    ];
    expect(choose(results, limits())?.config.concurrency).toBe(2);
  });

  it('adds replicas while each doubling gains 10%, within the memory budget', async () => {
    const scaling: Shape = { throughput: (c, _b, r) => Math.min(c, 2 * r) * 100 * (r <= 4 ? 1 : 0.5), memory: (_c, _b, r) => r * 300 * MB };
    const base = trial(scaling, { concurrency: 2, batch: 1, replicas: 1 });
    const more = await searchReplicas(tableMeasure(scaling).measure, base, limits({ memoryBudgetBytes: 64 * 1024 * MB }), 8);
    expect(more.chosen.config).toEqual({ concurrency: 8, batch: 1, replicas: 4 });
    expect(more.stop?.reason).toBe('throughput');
    const capped = await searchReplicas(tableMeasure(scaling).measure, base, limits({ memoryBudgetBytes: 700 * MB }), 8);
    expect(capped.chosen.config.replicas).toBe(2);
    expect(capped.stop).toMatchObject({ reason: 'memory', direction: 'replicas' });
  });

  it('a p95 a little past the target on one busy step does not end batching (a sweep recorded at load average 12)', async () => {
    // cost model 256 x 16 on the real engine: [concurrency, batch, req/s, p95 ms]. At a 10 ms target,
    // (1, 4) passes it by 16% (a busy moment) while (2, 4) and (4, 4) are well within it.
    const recorded: [number, number, number, number][] = [
      [1, 1, 619.5, 2.2],
      [2, 1, 713.5, 6.5],
      [4, 1, 1200.4, 9.0],
      [8, 1, 1294.4, 17.2],
      [1, 2, 2058.6, 2.9],
      [2, 2, 1785.9, 5.6],
      [4, 2, 2881.0, 6.3],
      [8, 2, 3468.7, 9.4],
      [1, 4, 1228.9, 11.6],
      [2, 4, 3841.1, 7.8],
      [4, 4, 5173.7, 8.0],
      [8, 4, 3565.2, 25.7],
      [1, 8, 2597.1, 10.3],
      [2, 8, 1698.2, 25.1],
      [4, 8, 2829.7, 31.8],
      [8, 8, 2861.6, 76.2],
      [1, 16, 2767.0, 15.1],
      [2, 16, 5624.7, 30.4],
      [4, 16, 3817.1, 54.2],
      [8, 16, 3045.4, 85.0],
    ];
    const table = new Map(
      recorded.map(([c, b, throughput, p95Ms]) => [
        `${c}/${b}`,
        {
          config: { concurrency: c, batch: b, replicas: 1 },
          throughput,
          p50Ms: p95Ms / 2,
          p95Ms,
          p99Ms: p95Ms,
          completed: 100,
          failed: 0,
          peakWorkerBytes: 300 * MB,
          peakGpuBytes: null,
        },
      ]),
    );
    const l = limits({ latencyTargetMs: 10, maxConcurrency: 8, maxBatch: 16, maxClients: 128 });
    const found = await searchSettings((config) => Promise.resolve(table.get(`${config.concurrency}/${config.batch}`) ?? null), l);
    expect(found.chosen?.config).toEqual({ concurrency: 4, batch: 4, replicas: 1 });
  });
});
