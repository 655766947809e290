/**
 * When to restart a crashed worker, and when to stop trying. A model that crashes on every load
 * (a corrupt file, not enough memory) would otherwise restart forever and burn CPU; a model that
 * crashes once a day should always come back.
 */
export interface RestartPolicy {
  /** Give up after this many crashes within `windowMs`. */
  readonly maxCrashes: number;
  readonly windowMs: number;
  /** Delay before the first restart; doubles with each further crash in the window. */
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  maxCrashes: 5,
  windowMs: 60_000,
  initialDelayMs: 100,
  maxDelayMs: 5_000,
};

export type RestartDecision = { readonly giveUp: false; readonly delayMs: number } | { readonly giveUp: true; readonly crashes: number };

/** Crash timestamps within the policy window. */
export class CrashHistory {
  private times: number[] = [];

  constructor(readonly policy: RestartPolicy = DEFAULT_RESTART_POLICY) {}

  /** Records a crash at `now` and decides what to do about it. */
  record(now: number): RestartDecision {
    this.prune(now);
    this.times.push(now);
    const crashes = this.times.length;
    if (crashes >= this.policy.maxCrashes) return { giveUp: true, crashes };
    const delayMs = Math.min(this.policy.maxDelayMs, this.policy.initialDelayMs * 2 ** (crashes - 1));
    return { giveUp: false, delayMs };
  }

  /** Crashes still inside the window; when below the limit again, a fresh start is allowed. */
  recent(now: number): number {
    this.prune(now);
    return this.times.length;
  }

  /** Forgets everything (an explicit load by the user is a fresh start). */
  reset(): void {
    this.times = [];
  }

  private prune(now: number): void {
    this.times = this.times.filter((time) => now - time < this.policy.windowMs);
  }
}
