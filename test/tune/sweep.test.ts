import { totalmem } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { normalize } from '../../preload/shared/project/normalize.js';
import { defaultMemoryProbe } from '../../main/tune/memory-watch.js';
import { sampleRows } from '../../main/tune/sample-inputs.js';
import { describe as describeConfig, doublings, eligible, searchSettings } from '../../main/tune/search.js';
import { TrialEngines } from '../../main/tune/trial-engines.js';
import { gridOf, measureWith, MIN_DEFAULT_TARGET_MS, type TuneEventOptions } from '../../main/tune/tune-event.js';
import { configKey, DEFAULT_SEARCH, type SearchLimits, type TrialConfig, type TrialResult } from '../../main/tune/tune-types.js';
import { costFixture, noGpu, type Fixture } from './tune-fixtures.js';

/**
 * The check, on the real engine (createEngine, real onnxruntime workers): for two shapes of
 * the configurable-cost ONNX model, an exhaustive sweep of the grid measures every setting; the
 * knee search then runs on those same measurements, and its choice must reach 90% of the sweep's
 * best throughput at the same latency target (the tool's default target, and a tight one). Replaying
 * the sweep's own figures keeps the check about the algorithm: a busy machine moves every figure,
 * not which one the search would find. The sweeps are small (concurrency to 8, batches to 16).
 */

const SWEEP = { maxConcurrency: 8, maxBatch: 16, maxClients: 128 };
const TIMING = { warmupMs: 100, durationMs: 400, minCompleted: 10, maxMs: 2_000 };

interface Sweep {
  readonly table: Map<string, TrialResult>;
  readonly alone: TrialResult;
}

async function sweep(fx: Fixture): Promise<Sweep> {
  const loaded = await fx.load();
  const app = normalize(loaded.project);
  const event = app.events[0];
  if (!event) throw new Error('no event');
  const memoryBudgetBytes = Math.round(0.75 * totalmem());
  const options: TuneEventOptions = {
    loaded,
    app,
    event,
    rows: sampleRows(app, event, loaded.dir),
    latencyTargetMs: null,
    limits: { ...DEFAULT_SEARCH, ...SWEEP, memoryBudgetBytes, gpuBudgetBytes: null },
    memory: noGpu(memoryBudgetBytes),
    probe: defaultMemoryProbe(),
    timing: TIMING,
    deadline: Number.POSITIVE_INFINITY,
    maxReplicas: 1,
    signal: new AbortController().signal,
    environment: { offline: true },
  };
  const engines = new TrialEngines({ ...options, grid: gridOf(SWEEP) });
  const measure = measureWith(options, engines);
  const table = new Map<string, TrialResult>();
  try {
    for (const batch of doublings(SWEEP.maxBatch)) {
      for (const concurrency of doublings(SWEEP.maxConcurrency)) {
        const result = await measure({ concurrency, batch, replicas: 1 });
        if (result) table.set(configKey(result.config), result);
      }
    }
  } finally {
    await engines.dispose();
  }
  const alone = table.get(configKey({ concurrency: 1, batch: 1, replicas: 1 }));
  if (!alone) throw new Error('the sweep has no concurrency 1, batch 1');
  return { table, alone };
}

function print(name: string, { table }: Sweep): void {
  const lines = [...table.values()].map(
    (t) => `${describeConfig(t.config).padEnd(28)} ${t.throughput.toFixed(1).padStart(8)} req/s  p95 ${t.p95Ms.toFixed(1).padStart(7)} ms`,
  );
  console.log(`${name} sweep:\n${lines.join('\n')}`);
}

async function checkAgainstSweep(s: Sweep, latencyTargetMs: number): Promise<{ chosen: TrialResult; best: TrialResult; tried: number }> {
  const limits: SearchLimits = {
    ...DEFAULT_SEARCH,
    ...SWEEP,
    latencyTargetMs,
    memoryBudgetBytes: Math.round(0.75 * totalmem()),
    gpuBudgetBytes: null,
  };
  const tried: TrialConfig[] = [];
  const found = await searchSettings((config) => {
    tried.push(config);
    return Promise.resolve(s.table.get(configKey(config)) ?? null);
  }, limits);
  const best = [...s.table.values()].filter((t) => eligible(t, limits)).sort((a, b) => b.throughput - a.throughput)[0];
  if (!found.chosen || !best) throw new Error(`nothing chosen: ${JSON.stringify(found.stops)}`);
  expect(found.chosen.p95Ms).toBeLessThanOrEqual(latencyTargetMs);
  expect(
    found.chosen.throughput,
    `chose ${describeConfig(found.chosen.config)}, best ${describeConfig(best.config)}`,
  ).toBeGreaterThanOrEqual(0.9 * best.throughput);
  return { chosen: found.chosen, best, tried: tried.length };
}

const SHAPES = [
  // Small weights (256 KB a layer) and 2 MFLOP a row: the cores are the limit, batching saves only the per-call overhead.
  { name: 'compute-bound (cost model 256 x 16)', width: 256, depth: 16 },
  // 16 MB a layer read once per call: at batch 1 memory bandwidth is the limit, so batches multiply throughput.
  { name: 'memory-bound (cost model 2048 x 2)', width: 2048, depth: 2 },
] as const;

describe('tune against an exhaustive sweep (real engine, two shapes of the cost model)', () => {
  const fixtures: Fixture[] = [];
  afterAll(async () => {
    for (const fx of fixtures) await fx.remove();
  });

  for (const shape of SHAPES) {
    it(`${shape.name}: the chosen setting reaches >= 90% of the sweep's best at the same latency target`, async () => {
      const fx = await costFixture(shape.width, shape.depth);
      fixtures.push(fx);
      const s = await sweep(fx);
      print(shape.name, s);
      expect(s.table.size).toBe(doublings(SWEEP.maxBatch).length * doublings(SWEEP.maxConcurrency).length);
      for (const t of s.table.values()) expect(t.failed, t.error).toBe(0);
      // The tool's default target, then a tight one (twice the p95 of one request alone).
      const target = Math.max(MIN_DEFAULT_TARGET_MS, 3 * s.alone.p95Ms);
      const loose = await checkAgainstSweep(s, target);
      const tight = await checkAgainstSweep(s, 2 * Math.max(5, s.alone.p95Ms));
      console.log(
        `${shape.name}: default target ${target.toFixed(0)} ms: chose ${describeConfig(loose.chosen.config)} (${loose.chosen.throughput.toFixed(1)} req/s, ` +
          `${loose.tried} trials) vs sweep best ${describeConfig(loose.best.config)} (${loose.best.throughput.toFixed(1)} req/s); tight target: chose ` +
          `${describeConfig(tight.chosen.config)} (${tight.chosen.throughput.toFixed(1)}) vs ${describeConfig(tight.best.config)} (${tight.best.throughput.toFixed(1)})`,
      );
    }, 300_000);
  }
});
