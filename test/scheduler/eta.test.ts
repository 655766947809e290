import { describe, expect, it } from 'vitest';
import { rankEtas, timeUntilFree } from '../../main/scheduler/eta.js';

describe('ETA (Gradio formula)', () => {
  it('is the run time alone when the group has free slots', () => {
    expect(rankEtas({ now: 0, limit: 2, running: [], waitingMeans: [100] })).toEqual([100]);
  });

  it('adds the wait for a slot and the jobs ahead, divided by the limit', () => {
    const input = { now: 50, limit: 1, running: [{ startedAt: 0, meanMs: 100 }], waitingMeans: [100, 100, 40] };
    expect(timeUntilFree(input)).toBe(50);
    expect(rankEtas(input)).toEqual([150, 250, 290]);
    const two = {
      now: 0,
      limit: 2,
      running: [
        { startedAt: 0, meanMs: 100 },
        { startedAt: 0, meanMs: 300 },
      ],
      waitingMeans: [100, 100],
    };
    expect(rankEtas(two)).toEqual([200, 250]);
  });

  it('is null from the first unknown run time on', () => {
    expect(rankEtas({ now: 0, limit: 1, running: [], waitingMeans: [10, null, 10] })).toEqual([10, null, null]);
    expect(rankEtas({ now: 0, limit: 1, running: [{ startedAt: 0, meanMs: null }], waitingMeans: [10] })).toEqual([null]);
  });

  it('never waits when the limit is unlimited', () => {
    expect(rankEtas({ now: 0, limit: null, running: [{ startedAt: 0, meanMs: 500 }], waitingMeans: [10, 20] })).toEqual([10, 20]);
  });
});

describe('ETA with batching', () => {
  it('counts a full batch as one run for the jobs behind it', () => {
    // Batches of 3 taking 100 ms each: jobs 0-2 share the first run, 3-5 the second.
    const etas = rankEtas({
      now: 0,
      limit: 1,
      running: [],
      waitingMeans: Array(7).fill(100) as number[],
      batchSizes: Array(7).fill(3) as number[],
    });
    expect(etas).toEqual([100, 100, 100, 200, 200, 200, 300]);
  });
});
