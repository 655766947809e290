import { describe, expect, it } from 'vitest';
import { AdaptiveBatchPolicy } from '../../main/scheduler/adaptive-batch-policy.js';
import { noWaitPolicy, staticWindowPolicy } from '../../main/scheduler/batch-policy.js';
import { LatencyModel } from '../../main/scheduler/latency-model.js';

describe('batch policies', () => {
  it('none takes what is waiting; static waits for its window unless full', () => {
    expect(noWaitPolicy().plan({ waiting: 3, maxSize: 8, oldestWaitMs: 0, nowMs: 0 })).toEqual({ take: 3 });
    const fixed = staticWindowPolicy(10);
    expect(fixed.plan({ waiting: 3, maxSize: 8, oldestWaitMs: 4, nowMs: 0 })).toEqual({ waitMs: 6 });
    expect(fixed.plan({ waiting: 3, maxSize: 8, oldestWaitMs: 10, nowMs: 0 })).toEqual({ take: 3 });
    expect(fixed.plan({ waiting: 9, maxSize: 8, oldestWaitMs: 0, nowMs: 0 })).toEqual({ take: 8 });
  });
});

describe('LatencyModel', () => {
  it('fits fixed + per-item cost and is pessimistic from one point', () => {
    const model = new LatencyModel();
    expect(model.predict(4)).toBeNull();
    model.record(2, 20);
    expect(model.predict(4)).toBe(40);
    model.record(8, 50);
    const fit = model.fit();
    expect(fit?.perItem).toBeCloseTo(5);
    expect(fit?.fixed).toBeCloseTo(10);
    expect(model.predict(4)).toBeCloseTo(30);
  });
});

describe('AdaptiveBatchPolicy', () => {
  it('behaves like Gradio before it has measured anything', () => {
    expect(new AdaptiveBatchPolicy().plan({ waiting: 2, maxSize: 16, oldestWaitMs: 0, nowMs: 0 })).toEqual({ take: 2 });
  });

  it('picks the largest batch whose predicted time meets the latency target', () => {
    const policy = new AdaptiveBatchPolicy({ targetMs: 100 });
    policy.record(1, 12); // t(b) = 10 + 2b
    policy.record(16, 42);
    expect(policy.targetSize(64)).toBe(45);
    expect(policy.targetSize(16)).toBe(16);
    expect(policy.plan({ waiting: 50, maxSize: 64, oldestWaitMs: 0, nowMs: 0 })).toEqual({ take: 45 });
  });

  it('lets a burst land for one event-loop turn before deciding', () => {
    const policy = new AdaptiveBatchPolicy();
    policy.arrived(0);
    expect(policy.plan({ waiting: 1, maxSize: 8, oldestWaitMs: 0, nowMs: 0 })).toEqual({ waitMs: 0 });
    policy.arrived(0.01);
    expect(policy.plan({ waiting: 2, maxSize: 8, oldestWaitMs: 0.01, nowMs: 0.01 })).toEqual({ waitMs: 0 });
    // The turn passed with no new arrival: decide (nothing measured yet, so take what waits).
    expect(policy.plan({ waiting: 2, maxSize: 8, oldestWaitMs: 0.1, nowMs: 0.1 })).toEqual({ take: 2 });
    // A full batch never waits for the turn.
    policy.arrived(1);
    expect(policy.plan({ waiting: 8, maxSize: 8, oldestWaitMs: 0, nowMs: 1 })).toEqual({ take: 8 });
  });

  it('waits for a fuller batch only when the next arrivals are due within the fixed cost of a batch', () => {
    // t(b) = 8 + 2b: running a batch costs 8 ms on top of its items, so idling up to 8 ms pays.
    const steady = new AdaptiveBatchPolicy({ targetMs: 500, maxWindowMs: 20 });
    steady.record(1, 10);
    steady.record(8, 24);
    for (let t = 0; t <= 10; t++) steady.arrived(t); // one arrival per ms
    expect(steady.plan({ waiting: 4, maxSize: 8, oldestWaitMs: 1, nowMs: 10 })).toEqual({ waitMs: 0 }); // let it land
    // 4 more are due at 11, 12, 13, 14 ms; 4 ms is within the budget (8 ms fixed − 1 ms waited).
    expect(steady.plan({ waiting: 4, maxSize: 8, oldestWaitMs: 1, nowMs: 10 })).toEqual({ waitMs: 4 });
    // The oldest job has used up the budget: run now.
    expect(steady.plan({ waiting: 4, maxSize: 8, oldestWaitMs: 8, nowMs: 10 })).toEqual({ take: 4 });

    const slow = new AdaptiveBatchPolicy({ targetMs: 500, maxWindowMs: 20 });
    slow.record(1, 10);
    slow.record(8, 24);
    for (let t = 0; t <= 1000; t += 100) slow.arrived(t); // one arrival per 100 ms: waiting cannot pay off
    slow.plan({ waiting: 4, maxSize: 8, oldestWaitMs: 1, nowMs: 1001 });
    expect(slow.plan({ waiting: 4, maxSize: 8, oldestWaitMs: 1, nowMs: 1001 })).toEqual({ take: 4 });
  });

  it('never waits for closed-loop callers: the next burst only comes after this batch runs', () => {
    // 8 callers resubmit together every ~30 ms (when their batch returns); t(b) = 8 + 2b.
    const policy = new AdaptiveBatchPolicy({ targetMs: 500, maxWindowMs: 50 });
    policy.record(1, 10);
    policy.record(8, 24);
    for (let burst = 0; burst < 5; burst++) for (let i = 0; i < 8; i++) policy.arrived(burst * 30 + i * 0.02);
    expect(policy.plan({ waiting: 8, maxSize: 16, oldestWaitMs: 0.2, nowMs: 120.2 })).toEqual({ waitMs: 0 });
    expect(policy.plan({ waiting: 8, maxSize: 16, oldestWaitMs: 0.3, nowMs: 120.3 })).toEqual({ take: 8 });
  });

  it('stops waiting when a steady stream pauses', () => {
    const policy = new AdaptiveBatchPolicy({ targetMs: 500, maxWindowMs: 50 });
    policy.record(1, 10);
    policy.record(8, 24);
    for (let t = 0; t <= 10; t++) policy.arrived(t);
    policy.plan({ waiting: 1, maxSize: 8, oldestWaitMs: 0, nowMs: 10 });
    // Due at 11 ms; at 12.5 ms it is overdue by more than a gap.
    expect(policy.plan({ waiting: 1, maxSize: 8, oldestWaitMs: 0.5, nowMs: 12.5 })).toEqual({ take: 1 });
  });
});
