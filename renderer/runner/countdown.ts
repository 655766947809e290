/**
 * A countdown that can pause (a toast's auto-dismiss timer stops while the pointer is over it or
 * focus is inside). Pure: every operation takes the current time. Invariant: the time left only
 * shrinks while running, and pausing or resuming twice changes nothing.
 */
export type Countdown = { readonly state: 'running'; readonly endsAt: number } | { readonly state: 'paused'; readonly remaining: number };

export function startCountdown(durationMs: number, now: number): Countdown {
  return { state: 'running', endsAt: now + Math.max(0, durationMs) };
}

export function remainingMs(countdown: Countdown, now: number): number {
  return countdown.state === 'running' ? Math.max(0, countdown.endsAt - now) : countdown.remaining;
}

export function isExpired(countdown: Countdown, now: number): boolean {
  return remainingMs(countdown, now) === 0;
}

export function pauseCountdown(countdown: Countdown, now: number): Countdown {
  return countdown.state === 'paused' ? countdown : { state: 'paused', remaining: remainingMs(countdown, now) };
}

export function resumeCountdown(countdown: Countdown, now: number): Countdown {
  return countdown.state === 'running' ? countdown : { state: 'running', endsAt: now + countdown.remaining };
}

/** Pauses or resumes, as `paused` says. */
export function setPaused(countdown: Countdown, paused: boolean, now: number): Countdown {
  return paused ? pauseCountdown(countdown, now) : resumeCountdown(countdown, now);
}
