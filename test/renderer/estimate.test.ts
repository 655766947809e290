import { describe, expect, it } from 'vitest';
import { estimateText, parseEstimate } from '../../renderer/runner/estimate.js';

describe('parseEstimate', () => {
  it('reads the public route body', () => {
    expect(parseEstimate({ rank: 2, queueSize: 3, etaMs: 9000, runMs: { meanMs: 3000, lowMs: 2500, highMs: 3500 } })).toEqual({
      rank: 2,
      queueSize: 3,
      etaMs: 9000,
      meanRunMs: 3000,
    });
    expect(parseEstimate({ rank: 0, queueSize: 0, etaMs: null, runMs: null })).toEqual({
      rank: 0,
      queueSize: 0,
      etaMs: null,
      meanRunMs: null,
    });
  });

  it('gives null for a body it does not know, so the page stays quiet', () => {
    expect(parseEstimate(null)).toBeNull();
    expect(parseEstimate({ detail: 'Not found' })).toBeNull();
    expect(parseEstimate({ rank: '1', queueSize: 1 })).toBeNull();
  });
});

describe('estimateText', () => {
  it('says how many runs are ahead and how long it will take', () => {
    expect(estimateText({ rank: 1, queueSize: 1, etaMs: 6100, meanRunMs: 3000 })).toBe('1 run ahead of you · about 6.1s');
    expect(estimateText({ rank: 3, queueSize: 3, etaMs: null, meanRunMs: null })).toBe('3 runs ahead of you');
  });

  it('mentions a slow function even with no queue, and stays quiet for fast or unknown ones', () => {
    expect(estimateText({ rank: 0, queueSize: 0, etaMs: 3000, meanRunMs: 3000 })).toBe('No queue · usually takes about 3.0s');
    expect(estimateText({ rank: 0, queueSize: 0, etaMs: 20, meanRunMs: 20 })).toBeNull();
    expect(estimateText({ rank: 0, queueSize: 0, etaMs: null, meanRunMs: null })).toBeNull();
  });
});
