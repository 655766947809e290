import { describe, expect, it } from 'vitest';
import { isExpired, pauseCountdown, remainingMs, resumeCountdown, setPaused, startCountdown } from '../../renderer/runner/countdown.js';

describe('countdown', () => {
  it('runs down with the clock and expires at zero, never below', () => {
    const c = startCountdown(10_000, 1_000);
    expect(remainingMs(c, 1_000)).toBe(10_000);
    expect(remainingMs(c, 7_000)).toBe(4_000);
    expect(isExpired(c, 10_999)).toBe(false);
    expect(isExpired(c, 11_000)).toBe(true);
    expect(remainingMs(c, 99_000)).toBe(0);
  });

  it('stands still while paused and goes on from where it stopped', () => {
    let c = startCountdown(10_000, 0);
    c = pauseCountdown(c, 3_000); // pointer over the toast after 3 s
    expect(remainingMs(c, 3_000)).toBe(7_000);
    expect(remainingMs(c, 60_000)).toBe(7_000);
    expect(isExpired(c, 60_000)).toBe(false);
    c = resumeCountdown(c, 60_000); // pointer leaves a minute later
    expect(remainingMs(c, 66_999)).toBe(1);
    expect(isExpired(c, 67_000)).toBe(true);
  });

  it('ignores a second pause or resume', () => {
    const running = startCountdown(5_000, 0);
    expect(resumeCountdown(running, 2_000)).toBe(running);
    const paused = pauseCountdown(running, 1_000);
    expect(pauseCountdown(paused, 4_000)).toBe(paused);
    expect(remainingMs(setPaused(paused, true, 4_000), 4_000)).toBe(4_000);
    expect(remainingMs(setPaused(paused, false, 4_000), 5_000)).toBe(3_000);
  });

  it('treats a negative duration as already over', () => {
    expect(isExpired(startCountdown(-5, 100), 100)).toBe(true);
  });
});
