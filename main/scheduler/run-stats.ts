/**
 * Run time per key (a function name), over successful runs only, as Gradio keeps it for `eta` and
 * `rank_eta`, but decaying: an exponentially weighted mean (the first runs weigh as a plain mean,
 * so one slow cold start does not stick), plus a window of recent samples for a range.
 */
const ALPHA = 0.2;
const WINDOW = 50;

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

  /** The mean in ms, or null if the key never completed a run. */
  meanMs(key: string): number | null {
    return this.stats.get(key)?.meanMs ?? null;
  }

  count(key: string): number {
    return this.stats.get(key)?.count ?? 0;
  }

  /**
   * The 10th–90th percentile of recent run times, or null with fewer than 3 samples (too thin to
   * say anything but the mean).
   */
  range(key: string): { readonly lowMs: number; readonly highMs: number } | null {
    const recent = this.stats.get(key)?.recent;
    if (!recent || recent.length < 3) return null;
    const sorted = [...recent].sort((a, b) => a - b);
    return { lowMs: percentile(sorted, 0.1), highMs: percentile(sorted, 0.9) };
  }
}

/** Nearest-rank percentile of an ascending array (p in 0..1). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[index] as number;
}
