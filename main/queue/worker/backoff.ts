/**
 * Exponential backoff with jitter, for a worker whose queue calls fail: 250 ms, 500 ms, ... up to
 * 10 s, each ±20% so that many workers that lost the same Redis do not come back in step.
 */
export class Backoff {
  private failures = 0;

  constructor(
    private readonly firstMs = 250,
    private readonly maxMs = 10_000,
    private readonly random: () => number = Math.random,
  ) {}

  /** The wait after one more failure. */
  next(): number {
    const base = Math.min(this.maxMs, this.firstMs * 2 ** this.failures);
    this.failures++;
    return Math.round(base * (0.8 + 0.4 * this.random()));
  }

  /** How many failures in a row so far (0 after a success). */
  get streak(): number {
    return this.failures;
  }

  reset(): void {
    this.failures = 0;
  }
}
