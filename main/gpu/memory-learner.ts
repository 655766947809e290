/**
 * Learns how much device memory one run of each key (an event) takes on one GPU, from readings of
 * the device's used memory. Pure: no I/O, no clock.
 *
 * - Readings come in busy periods: idle reading, busy readings, idle reading, ... A reading taken
 *   while nothing ran on the device is idle (models loaded, no requests).
 * - A busy reading with `n` runs in flight says each of them used (used − baseline) / n, where
 *   the baseline is the larger of the idle readings before and after its busy period: memory that
 *   another app (or a model loading during the period) took and still holds at the end is not
 *   charged to the runs. So busy readings are kept until the period ends (only the highest per mix
 *   of keys, which is all the estimate needs) and learned from at the next idle reading.
 * - Every key keeps the largest figure seen (a peak).
 *
 * Invariants: estimates are > 0 and never decrease; a reading at or below the baseline teaches
 * nothing. Known limit: another app's memory that comes and goes inside one busy period is charged
 * to the runs (an overestimate: admission gets more careful, never less).
 */
export class MemoryLearner {
  private idle: number | undefined;
  private readonly estimates = new Map<string, number>();
  /** The highest busy reading of the current period, per mix of keys. */
  private readonly busy = new Map<string, { used: number; keys: readonly string[] }>();

  /** The last idle reading in bytes. */
  get idleBytes(): number | undefined {
    return this.idle;
  }

  /** The per-run estimate of `key` in bytes, or undefined before it was measured. */
  estimate(key: string): number | undefined {
    return this.estimates.get(key);
  }

  /**
   * One reading of used bytes, taken while `keys` ran (one entry per run in flight, so a key may
   * repeat; empty = idle). Returns true when an estimate changed.
   */
  observe(usedBytes: number, keys: readonly string[]): boolean {
    if (!Number.isFinite(usedBytes) || usedBytes < 0) return false;
    if (keys.length > 0) {
      const mix = [...keys].sort().join('\u0000');
      if (usedBytes > (this.busy.get(mix)?.used ?? -1)) this.busy.set(mix, { used: usedBytes, keys: [...keys] });
      return false;
    }
    const baseline = Math.max(this.idle ?? usedBytes, usedBytes);
    this.idle = usedBytes;
    let changed = false;
    for (const reading of this.busy.values()) changed = this.learn(reading.used - baseline, reading.keys) || changed;
    this.busy.clear();
    return changed;
  }

  private learn(deltaBytes: number, keys: readonly string[]): boolean {
    if (deltaBytes <= 0) return false;
    const perRun = deltaBytes / keys.length;
    let changed = false;
    for (const key of new Set(keys)) {
      if (perRun > (this.estimates.get(key) ?? 0)) {
        this.estimates.set(key, perRun);
        changed = true;
      }
    }
    return changed;
  }
}
