/**
 * Run time per key (an event), over successful warm runs only (the scheduler leaves out runs that
 * waited for a worker to start or a model to load: RunContext.coldStart), as Gradio keeps it for
 * `eta` and `rank_eta`, but decaying and robust: for the first runs the estimate is the median of
 * the samples (one slow outlier must not inflate every ETA after it); from `SETTLED` runs on, an
 * exponentially weighted mean, so the estimate follows the recent behaviour. A window of recent
 * samples also gives a range, wide where the data is thin (see RunStats.range).
 */
const SETTLED = 10;
const ALPHA = 0.2;
const WINDOW = 50;

export interface RunRange {
  readonly lowMs: number;
  readonly highMs: number;
  /** Successful runs measured so far (the range is wider the fewer there are). */
  readonly samples: number;
}

interface Entry {
  count: number;
  meanMs: number;
  recent: number[];
}

export class RunStats {
  private readonly stats = new Map<string, Entry>();

  record(key: string, durationMs: number): void {
    const entry = this.stats.get(key) ?? { count: 0, meanMs: 0, recent: [] };
    entry.count += 1;
    // 1/n until 1/n < ALPHA: a plain mean first, then a decaying one.
    entry.meanMs += (durationMs - entry.meanMs) * Math.max(ALPHA, 1 / entry.count);
    entry.recent.push(durationMs);
    if (entry.recent.length > WINDOW) entry.recent.shift();
    this.stats.set(key, entry);
  }

  /** The expected run time in ms, or null if the key never completed a run. */
  meanMs(key: string): number | null {
    const entry = this.stats.get(key);
    if (!entry) return null;
    return entry.count < SETTLED ? median(entry.recent) : entry.meanMs;
  }

  /** The median and 95th percentile of the recent warm runs (nearest rank), or null before any run. */
  percentiles(key: string): { readonly p50: number; readonly p95: number; readonly samples: number } | null {
    const entry = this.stats.get(key);
    if (!entry || entry.recent.length === 0) return null;
    const sorted = [...entry.recent].sort((a, b) => a - b);
    return { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), samples: sorted.length };
  }

  /** Drops what was measured for a key (its function changed: the old runs say nothing about the new). */
  forget(key: string): void {
    this.stats.delete(key);
  }

  /**
   * Where the next run time is likely to fall, or null before any run: the 10th–90th percentile of
   * the recent runs (their min and max below 3 runs), widened by 1 + 1/n for n runs so far, so thin
   * data says so: one run of 2 s gives 1–4 s, two runs 0.67×–1.5× of theirs, ten runs ±10%, fifty ±2%.
   */
  range(key: string): RunRange | null {
    const entry = this.stats.get(key);
    if (!entry || entry.recent.length === 0) return null;
    const sorted = [...entry.recent].sort((a, b) => a - b);
    const thin = sorted.length < 3;
    const low = thin ? (sorted[0] as number) : percentile(sorted, 0.1);
    const high = thin ? (sorted.at(-1) as number) : percentile(sorted, 0.9);
    const widen = 1 + 1 / entry.count;
    return { lowMs: low / widen, highMs: high * widen, samples: entry.count };
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Nearest-rank percentile of an ascending array (p in 0..1). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[index] as number;
}
