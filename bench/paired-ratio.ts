import type { Sample } from './load.js';

/**
 * A cell's throughput as a ratio to the raw loop's, from measurements taken side by side in time.
 * Pure: no clocks, no I/O.
 *
 * This VM's speed moves by half within minutes, so a ratio of a cell's pooled slices to the raw
 * loop's pooled slices divides two different machine phases (the raw slices and the cell's are
 * seconds apart, with other cells in between). Instead the bench measures a short raw slice right
 * before and right after every cell slice (the raw slice after one cell is the one before the
 * next), and each cell slice makes one pair: its throughput over the raw throughput of the slices
 * on both sides of it, pooled (completions over time, so a linear drift cancels). The cell's ratio
 * pools its pairs: all its slices over all the raw slices next to them (a ratio of sums); the
 * pairs' min and max are the spread. The median of the pairs is kept for comparison: with three
 * pairs it throws two thirds of the measurement away, and on this machine's real raw-slice series
 * (an A/A replay, docs/performance.md "Session 28: ratios paired in time") it erred more.
 */

/** One measurement window of a caller count's timeline, in the order they ran. */
export type Slice =
  { readonly kind: 'raw'; readonly sample: Sample } | { readonly kind: 'cell'; readonly cell: number; readonly sample: Sample };

export interface PairedRatio {
  /**
   * The cell's ratio to the raw loop: all the cell's paired slices pooled over all the raw slices
   * next to them, pooled (each counted once per slice it borders); null if no pair could be formed.
   */
  readonly ratio: number | null;
  /** One ratio per slice of the cell, in time order (slices with no raw neighbour are left out). */
  readonly pairs: readonly number[];
  readonly min: number | null;
  readonly max: number | null;
  /** The other way to combine the pairs, kept for comparison: the median of `pairs`. */
  readonly median: number | null;
}

/** Completions per second over the samples' total measured time; null for no time. */
export function throughputOf(samples: readonly Sample[]): number | null {
  const durationMs = samples.reduce((total, sample) => total + sample.durationMs, 0);
  if (durationMs <= 0) return null;
  const count = samples.reduce((total, sample) => total + sample.latencies.length, 0);
  return (count / durationMs) * 1000;
}

/** The cell slice's throughput over that of the raw slices around it, pooled; null without raw throughput. */
export function pairRatio(before: Sample | undefined, cell: Sample, after: Sample | undefined): number | null {
  const raw = throughputOf([before, after].filter((sample): sample is Sample => sample !== undefined));
  const measured = throughputOf([cell]);
  return raw === null || raw <= 0 || measured === null ? null : measured / raw;
}

/** Middle value (mean of the two middle ones for an even count); null for none. */
export function medianOf(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] as number) + upper) / 2;
}

export function combinePairs(pairs: readonly number[], ratio: number | null): PairedRatio {
  return {
    ratio,
    pairs,
    min: pairs.length > 0 ? Math.min(...pairs) : null,
    max: pairs.length > 0 ? Math.max(...pairs) : null,
    median: medianOf(pairs),
  };
}

/**
 * Pairs every cell slice of `timeline` with the nearest raw slice before and after it, and
 * combines each cell's pairs. Returns one entry per cell index that appears in the timeline.
 */
export function pairTimeline(timeline: readonly Slice[]): Map<number, PairedRatio> {
  const pairs = new Map<number, { ratios: number[]; cell: Sample[]; raw: Sample[] }>();
  timeline.forEach((slice, index) => {
    if (slice.kind !== 'cell') return;
    const before = timeline.slice(0, index).findLast((s) => s.kind === 'raw')?.sample;
    const after = timeline.slice(index + 1).find((s) => s.kind === 'raw')?.sample;
    const entry = pairs.get(slice.cell) ?? { ratios: [], cell: [], raw: [] };
    const ratio = pairRatio(before, slice.sample, after);
    if (ratio !== null) {
      entry.ratios.push(ratio);
      entry.cell.push(slice.sample);
      entry.raw.push(...[before, after].filter((sample): sample is Sample => sample !== undefined));
    }
    pairs.set(slice.cell, entry);
  });
  return new Map(
    [...pairs].map(([cell, entry]) => {
      const raw = throughputOf(entry.raw);
      const measured = throughputOf(entry.cell);
      return [cell, combinePairs(entry.ratios, raw === null || raw <= 0 || measured === null ? null : measured / raw)];
    }),
  );
}
