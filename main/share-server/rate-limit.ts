/**
 * A token bucket: `perMinute` requests a minute on average, bursts up to `perMinute`. Pure (time
 * comes in as an argument). Invariant: 0 <= tokens <= capacity.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perMinute: number,
    now: number,
  ) {
    this.tokens = perMinute;
    this.last = now;
  }

  /** Takes one token; returns 0 when granted, else the seconds until one is available. */
  take(now: number): number {
    // A clock that went back (a wall clock set back) refills nothing, and takes nothing away either.
    const refill = (Math.max(0, now - this.last) / 60_000) * this.perMinute;
    this.tokens = Math.min(this.perMinute, this.tokens + refill);
    this.last = Math.max(this.last, now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    // The epsilon keeps float error (0.05 * 20 = 1.0000000000000009) from adding a second.
    return Math.max(1, Math.ceil(((1 - this.tokens) * 60) / this.perMinute - 1e-9));
  }
}
