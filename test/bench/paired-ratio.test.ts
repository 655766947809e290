import { describe, expect, it } from 'vitest';
import type { Sample } from '../../bench/load.js';
import { combinePairs, medianOf, pairRatio, pairTimeline, throughputOf, type Slice } from '../../bench/paired-ratio.js';
import { evaluateTargets, markdownTable, pairSpread, type Cell } from '../../bench/report.js';

/** A window of `durationMs` in which `count` requests completed (latencies are not used here). */
const sample = (count: number, durationMs: number): Sample => ({
  latencies: Array.from({ length: count }, () => 1),
  durationMs,
  errors: 0,
});
/** The number of requests a path at `perSecond` completes in `durationMs`. */
const at = (perSecond: number, durationMs: number): Sample => sample(Math.round((perSecond * durationMs) / 1000), durationMs);

describe('paired ratio', () => {
  it('pools a pair’s raw slices by completions over time', () => {
    expect(throughputOf([sample(100, 500), sample(300, 500)])).toBe(400);
    expect(throughputOf([])).toBeNull();
    // 150 req/s over the raw slices' (100 + 300) / 1 s = 400 req/s around it.
    expect(pairRatio(sample(100, 500), sample(150, 1000), sample(300, 500))).toBeCloseTo(150 / 400);
    expect(pairRatio(undefined, sample(150, 1000), sample(300, 500))).toBeCloseTo(150 / 600);
    expect(pairRatio(undefined, sample(150, 1000), undefined)).toBeNull();
    expect(pairRatio(sample(0, 500), sample(150, 1000), undefined)).toBeNull();
  });

  it('reports the pairs’ range and median beside the ratio', () => {
    expect(medianOf([0.9, 0.5, 0.7])).toBe(0.7);
    expect(medianOf([0.4, 0.9, 0.5, 0.7])).toBeCloseTo(0.6);
    expect(medianOf([])).toBeNull();
    expect(combinePairs([0.8, 0.2, 0.75], 0.6)).toEqual({ ratio: 0.6, pairs: [0.8, 0.2, 0.75], min: 0.2, max: 0.8, median: 0.75 });
    expect(combinePairs([], null)).toEqual({ ratio: null, pairs: [], min: null, max: null, median: null });
  });

  it('divides each cell slice by the raw slices next to it, so a drifting machine cancels out', () => {
    // The machine speeds up from 174 to 249 req/s of raw loop over the run (session 27's two runs);
    // cell 0 always runs at 75% and cell 1 at 50% of the raw loop *of that moment*.
    const speeds = [174, 180, 200, 215, 230, 240, 249];
    const timeline: Slice[] = [];
    speeds.forEach((speed, i) => {
      timeline.push({ kind: 'raw', sample: at(speed, 400) });
      if (i < speeds.length - 1) {
        const next = speeds[i + 1] as number;
        const cell = i % 2;
        timeline.push({ kind: 'cell', cell, sample: at(((speed + next) / 2) * (cell === 0 ? 0.75 : 0.5), 1000) });
      }
    });
    const paired = pairTimeline(timeline);
    expect(paired.get(0)?.pairs).toHaveLength(3);
    expect(paired.get(0)?.ratio).toBeCloseTo(0.75, 2);
    expect(paired.get(1)?.ratio).toBeCloseTo(0.5, 2);
    expect(paired.get(0)?.median).toBeCloseTo(0.75, 2);
    expect(paired.get(1)?.median).toBeCloseTo(0.5, 2);
    for (const pair of [...(paired.get(0)?.pairs ?? []), ...(paired.get(1)?.pairs ?? [])])
      expect([0.5, 0.75].some((r) => Math.abs(pair - r) < 0.01)).toBe(true);
  });

  it('pools the pairs, and shows a noisy moment in their spread', () => {
    const raw = (): Slice => ({ kind: 'raw', sample: at(200, 400) });
    const cell = (perSecond: number): Slice => ({ kind: 'cell', cell: 0, sample: at(perSecond, 1000) });
    const paired = pairTimeline([raw(), cell(160), raw(), cell(40), raw(), cell(164), raw()]).get(0);
    // The cell's 364 requests in 3 s over the raw slices' 200 req/s around them.
    expect(paired?.ratio).toBeCloseTo(364 / 600);
    expect(paired?.min).toBeCloseTo(0.2);
    expect(paired?.max).toBeCloseTo(0.82);
    expect(paired?.median).toBeCloseTo(0.8);
    // A raw slice next to two cell slices counts once for each.
    const shared = pairTimeline([
      { kind: 'raw', sample: at(100, 400) },
      cell(50),
      { kind: 'raw', sample: at(300, 400) },
      cell(150),
      { kind: 'raw', sample: at(300, 400) },
    ]).get(0);
    expect(shared?.pairs.map((p) => Number(p.toFixed(3)))).toEqual([0.25, 0.5]);
    expect(shared?.ratio).toBeCloseTo(100 / 250);
  });
});

describe('report with paired ratios', () => {
  const cell = (path: Cell['path'], concurrency: number, ratioToRaw: number, pairRatios: number[], pooledRatioToRaw: number): Cell => ({
    count: 100,
    meanMs: 4,
    p50Ms: 4,
    p99Ms: 8,
    maxMs: 9,
    throughput: 200,
    errors: 0,
    config: 'main',
    path,
    mode: 'off',
    concurrency,
    limit: concurrency,
    ratioToRaw,
    pairRatios,
    pooledRatioToRaw,
    addedP50Ms: 0.5,
  });

  it('judges the targets on the paired ratio and shows its spread', () => {
    // Pooled, the engine would read 75% at one caller and miss; paired it reads 96%.
    const cells = [cell('engine', 1, 0.96, [0.95, 0.96, 0.99], 0.75), cell('engine', 8, 0.97, [0.97], 0.97)];
    const target = evaluateTargets(cells, true)[0];
    expect(target?.measured).toBe('1: 96% (95–99%), 8: 97% (97%)');
    expect(target?.met).toBe(true);
    expect(evaluateTargets([cell('engine', 1, 0.9, [0.8, 0.9, 0.99], 0.99)], true)[0]?.met).toBe(false);
  });

  it('shows the A/A check (the raw loop as a cell) among the rows that are not targets', () => {
    const aa = evaluateTargets([cell('raw-aa', 1, 1.01, [0.93, 1.01, 1.08], 0.9)], true).at(-1);
    expect(aa?.name).toContain('A/A');
    expect(aa?.measured).toBe('1: 101% (93–108%)');
    expect(aa?.met).toBeNull();
  });

  it('prints the paired ratio, the pairs’ range and the pooled ratio per row', () => {
    expect(pairSpread({ pairRatios: [0.711, 0.78, 0.74] })).toBe('71–78%');
    expect(pairSpread({ pairRatios: [] })).toBe('–');
    const table = markdownTable([cell('http-plain', 1, 0.53, [0.5, 0.53, 0.6], 0.46)], 'main');
    expect(table.split('\n')[0]).toContain('| vs (a) | pairs min–max | pooled |');
    expect(table).toContain('| 53% | 50–60% | 46% |');
  });
});
