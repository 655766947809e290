/** eventCost: the editor's plain sentences about what an event's queue settings cost, from the ETA model. */
import { describe, expect, it } from 'vitest';
import { burstWaitMs, eventCost, formatDuration, type CostInput } from '../../main/editor/event-cost.js';

const BASE: CostInput = { runMs: 700, limit: 1, batch: false, maxBatchSize: 4, maxSize: null, burst: 20, batchable: true };

describe('eventCost', () => {
  it('says what one at a time costs a burst, and what batching would save', () => {
    expect(eventCost(BASE)).toEqual([
      'at most 1 at a time: a burst of 20 users waits ~14 s; batching up to 8 would cut that to ~2.1 s if a batch of 8 runs about as fast as one call',
    ]);
  });

  it('uses the scheduler ETA model: limit L shares the wait, a batch counts as one run', () => {
    expect(burstWaitMs(1000, 1, 20, 1)).toBe(20_000);
    expect(burstWaitMs(1000, 4, 20, 1)).toBe(1000 + (19 * 1000) / 4);
    expect(burstWaitMs(1000, 1, 20, 8)).toBe(3000);
    expect(burstWaitMs(1000, null, 20, 1)).toBe(1000);
  });

  it('suggests no batching where it cannot pay (a model that runs items one by one) or is already on', () => {
    expect(eventCost({ ...BASE, batchable: false })).toEqual(['at most 1 at a time: a burst of 20 users waits ~14 s']);
    expect(eventCost({ ...BASE, batch: true, maxBatchSize: 8, limit: 2 })).toEqual([
      'at most 2 at a time, in batches of up to 8: a burst of 20 users waits ~1.4 s',
    ]);
  });

  it('says an unlimited event assumes the machine keeps up, and how many a full queue turns away', () => {
    expect(eventCost({ ...BASE, limit: null })[0]).toBe(
      'no concurrency limit: a burst of 20 users waits ~0.7 s if this machine runs 20 at once as fast as one',
    );
    expect(eventCost({ ...BASE, batchable: false, maxSize: 5 })).toEqual([
      'at most 1 at a time: a burst of 20 users waits ~14 s',
      'the queue holds 5 waiting: 14 of a burst of 20 are turned away (queue full)',
    ]);
  });

  it('asks for a run before any was measured', () => {
    expect(eventCost({ ...BASE, runMs: null })).toEqual([
      'at most 1 at a time; not measured yet: run it in the preview to see what a burst of users costs',
    ]);
  });

  it('writes durations people read at a glance', () => {
    expect([40, 420, 2_140, 14_200, 200_000, 9_000_000].map(formatDuration)).toEqual([
      '~0.1 s',
      '~0.4 s',
      '~2.1 s',
      '~14 s',
      '~3 min',
      '~3 h',
    ]);
  });
});
