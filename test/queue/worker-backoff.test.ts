import { describe, expect, it } from 'vitest';
import { Backoff } from '../../main/queue/worker/backoff.js';
import { Waker } from '../../main/queue/worker/waker.js';

describe('Backoff', () => {
  it('doubles from 250 ms up to 10 s, with ±20% jitter, and starts over after a success', () => {
    const middle = new Backoff(250, 10_000, () => 0.5);
    expect(Array.from({ length: 8 }, () => middle.next())).toEqual([250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
    expect(middle.streak).toBe(8);
    middle.reset();
    expect(middle.next()).toBe(250);
    expect(new Backoff(250, 10_000, () => 0).next()).toBe(200);
    expect(new Backoff(250, 10_000, () => 1).next()).toBe(300);
  });
});

describe('Waker', () => {
  it('a wake while nobody waits is kept for the next wait; a wait without a wake ends after its time', async () => {
    const waker = new Waker();
    waker.wake();
    const started = Date.now();
    await waker.wait(60_000);
    expect(Date.now() - started).toBeLessThan(30_000);
    const waiting = waker.wait(60_000);
    waker.wake();
    await waiting;
    await waker.wait(5);
  });
});
