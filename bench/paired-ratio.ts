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
 * is the median of its pairs, which one noisy moment cannot move; their min and max are the spread.
 */

/** One measurement window of a caller count's timeline, in the order they ran. */
export type Slice =
  { readonly kind: 'raw'; readonly sample: Sample } | { readonly kind: 'cell'; readonly cell: number; readonly sample: Sample };

export interface PairedRatio {
  /** Median of `pairs`: the cell's ratio to the raw loop; null if no pair could be formed. */
  readonly ratio: number | null;
  /** One ratio per slice of the cell, in time order (slices with no raw neighbour are left out). */
  readonly pairs: readonly number[];
  readonly min: number | null;
  readonly max: number | null;
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

export function combinePairs(pairs: readonly number[]): PairedRatio {
  return {
    ratio: medianOf(pairs),
    pairs,
    min: pairs.length > 0 ? Math.min(...pairs) : null,
    max: pairs.length > 0 ? Math.max(...pairs) : null,
  };
}

/**
 * Pairs every cell slice of `timeline` with the nearest raw slice before and after it, and
 * combines each cell's pairs. Returns one entry per cell index that appears in the timeline.
 */
export function pairTimeline(timeline: readonly Slice[]): Map<number, PairedRatio> {
  const pairs = new Map<number, number[]>();
  timeline.forEach((slice, index) => {
    if (slice.kind !== 'cell') return;
    const before = timeline.slice(0, index).findLast((s) => s.kind === 'raw')?.sample;
    const after = timeline.slice(index + 1).find((s) => s.kind === 'raw')?.sample;
    const list = pairs.get(slice.cell) ?? [];
    const ratio = pairRatio(before, slice.sample, after);
    if (ratio !== null) list.push(ratio);
    pairs.set(slice.cell, list);
  });
  return new Map([...pairs].map(([cell, list]) => [cell, combinePairs(list)]));
}
