import { useEffect, useRef } from 'react';
import { setPaused, startCountdown, remainingMs, type Countdown } from './countdown.js';

/**
 * Calls `onExpire` once `durationMs` of unpaused time has passed since mount (never when null).
 * The rule lives in countdown.ts; this only keeps one setTimeout in step with it.
 */
export function useAutoDismiss(durationMs: number | null, paused: boolean, onExpire: () => void): void {
  const countdown = useRef<Countdown | null>(null);
  const latest = useRef(onExpire);
  useEffect(() => {
    latest.current = onExpire;
  });
  useEffect(() => {
    if (durationMs === null) return undefined;
    const now = Date.now();
    countdown.current = setPaused(countdown.current ?? startCountdown(durationMs, now), paused, now);
    if (paused) return undefined;
    const timer = setTimeout(() => latest.current(), remainingMs(countdown.current, now));
    return () => clearTimeout(timer);
  }, [durationMs, paused]);
}
