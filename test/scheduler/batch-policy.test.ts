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

  it('waits for a fuller batch only when arrivals are expected within the window', () => {
    const policy = new AdaptiveBatchPolicy({ targetMs: 500, maxWindowMs: 20 });
    policy.record(1, 10);
    policy.record(8, 24);
    for (let t = 0; t <= 10; t++) policy.arrived(t); // one arrival per ms
    expect(policy.plan({ waiting: 4, maxSize: 8, oldestWaitMs: 1, nowMs: 11 })).toEqual({ waitMs: 5 });
    const slow = new AdaptiveBatchPolicy({ targetMs: 500, maxWindowMs: 20 });
    slow.record(1, 10);
    slow.record(8, 24);
    for (let t = 0; t <= 1000; t += 100) slow.arrived(t); // one arrival per 100 ms: waiting cannot pay off
    expect(slow.plan({ waiting: 4, maxSize: 8, oldestWaitMs: 1, nowMs: 1001 })).toEqual({ take: 4 });
    expect(policy.plan({ waiting: 4, maxSize: 8, oldestWaitMs: 25, nowMs: 11 })).toEqual({ take: 4 });
  });

  it('does not wait once a burst of arrivals is over', () => {
    const policy = new AdaptiveBatchPolicy({ targetMs: 500, maxWindowMs: 50 });
    policy.record(1, 10);
    policy.record(8, 24);
    for (let i = 0; i < 8; i++) policy.arrived(0); // callers resubmitting together: gap ~0
    expect(policy.plan({ waiting: 8, maxSize: 16, oldestWaitMs: 5, nowMs: 5 })).toEqual({ take: 8 });
  });
});
