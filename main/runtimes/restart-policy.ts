/**
 * When to restart a crashed worker, and when to pause. A model that crashes on every load (a
 * corrupt file, not enough memory) would otherwise restart forever and burn CPU; a model that
 * crashes once a day should always come back. So a worker is never given up on: after
 * `maxCrashes` crashes within `windowMs` it pauses for `pauseMs` (calls fail at once, saying until
 * when), then starts again by itself. While it keeps crashing, each further crash inside the
 * window pauses it again, so a crash loop costs one start per pause.
 */
export interface RestartPolicy {
  /** Pause after this many crashes within `windowMs`. */
  readonly maxCrashes: number;
  readonly windowMs: number;
  /** Delay before the first restart; doubles with each further crash in the window. */
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** How long a worker that crashed `maxCrashes` times within the window waits before it starts again. */
  readonly pauseMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  maxCrashes: 5,
  windowMs: 60_000,
  initialDelayMs: 100,
  maxDelayMs: 5_000,
  pauseMs: 30_000,
};

/** What to do after a crash: restart after `delayMs`; `paused` when that delay is the crash-loop pause. */
export interface RestartDecision {
  readonly paused: boolean;
  readonly delayMs: number;
  /** Crashes within the window, this one included. */
  readonly crashes: number;
}

/** Crash timestamps within the policy window. */
export class CrashHistory {
  private times: number[] = [];

  constructor(readonly policy: RestartPolicy = DEFAULT_RESTART_POLICY) {}

  /** Records a crash at `now` and decides what to do about it. */
  record(now: number): RestartDecision {
    this.prune(now);
    this.times.push(now);
    const crashes = this.times.length;
    if (crashes >= this.policy.maxCrashes) return { paused: true, delayMs: this.policy.pauseMs, crashes };
    const delayMs = Math.min(this.policy.maxDelayMs, this.policy.initialDelayMs * 2 ** (crashes - 1));
    return { paused: false, delayMs, crashes };
  }

  /** Crashes still inside the window. */
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
