/**
 * Mean run time per key (a function name), over successful runs only, as Gradio keeps it for
 * `eta` and `rank_eta`. Cumulative mean: O(1) memory per key, no window.
 */
export class RunStats {
  private readonly stats = new Map<string, { count: number; meanMs: number }>();

  record(key: string, durationMs: number): void {
    const entry = this.stats.get(key) ?? { count: 0, meanMs: 0 };
    entry.count += 1;
    entry.meanMs += (durationMs - entry.meanMs) / entry.count;
    this.stats.set(key, entry);
  }

  /** The mean in ms, or null if the key never completed a run. */
  meanMs(key: string): number | null {
    return this.stats.get(key)?.meanMs ?? null;
  }
}
