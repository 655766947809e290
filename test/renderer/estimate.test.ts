import { describe, expect, it } from 'vitest';
import { estimateText, parseEstimate } from '../../renderer/runner/estimate.js';

describe('parseEstimate', () => {
  it('reads the public route body', () => {
    expect(
      parseEstimate({
        rank: 2,
        queueSize: 3,
        etaMs: 9000,
        etaRangeMs: { lowMs: 7500, highMs: 10500 },
        runMs: { meanMs: 3000, lowMs: 2500, highMs: 3500, samples: 12 },
      }),
    ).toEqual({
      rank: 2,
      queueSize: 3,
      etaMs: 9000,
      meanRunMs: 3000,
      etaRange: { lowMs: 7500, highMs: 10500 },
      runRange: { lowMs: 2500, highMs: 3500 },
      samples: 12,
    });
    expect(parseEstimate({ rank: 0, queueSize: 0, etaMs: null, etaRangeMs: null, runMs: null })).toEqual({
      rank: 0,
      queueSize: 0,
      etaMs: null,
      meanRunMs: null,
      etaRange: null,
      runRange: null,
      samples: null,
    });
    // A range upside down or half missing is no range.
    expect(
      parseEstimate({ rank: 0, queueSize: 0, etaMs: 5, etaRangeMs: { lowMs: 9, highMs: 2 }, runMs: { meanMs: 5, lowMs: 1 } }),
    ).toMatchObject({
      etaRange: null,
      runRange: null,
    });
  });

  it('gives null for a body it does not know, so the page stays quiet', () => {
    expect(parseEstimate(null)).toBeNull();
    expect(parseEstimate({ detail: 'Not found' })).toBeNull();
    expect(parseEstimate({ rank: '1', queueSize: 1 })).toBeNull();
  });
});

describe('estimateText', () => {
  const settled = { etaRange: null, runRange: null, samples: null };
  it('says how many runs are ahead and how long it will take', () => {
    expect(estimateText({ rank: 1, queueSize: 1, etaMs: 6100, meanRunMs: 3000, ...settled })).toBe('1 run ahead of you · about 6.1s');
    expect(estimateText({ rank: 3, queueSize: 3, etaMs: null, meanRunMs: null, ...settled })).toBe('3 runs ahead of you');
  });

  it('mentions a slow function even with no queue, and stays quiet for fast or unknown ones', () => {
    expect(estimateText({ rank: 0, queueSize: 0, etaMs: 3000, meanRunMs: 3000, ...settled })).toBe('No queue · usually takes about 3.0s');
    expect(estimateText({ rank: 0, queueSize: 0, etaMs: 20, meanRunMs: 20, ...settled })).toBeNull();
    expect(estimateText({ rank: 0, queueSize: 0, etaMs: null, meanRunMs: null, ...settled })).toBeNull();
  });

  it('gives a range while the data is thin, and "about" once it is narrow', () => {
    const oneRun = { rank: 0, queueSize: 0, etaMs: 3000, meanRunMs: 3000, samples: 1 };
    expect(estimateText({ ...oneRun, etaRange: { lowMs: 1500, highMs: 6000 }, runRange: { lowMs: 1500, highMs: 6000 } })).toBe(
      'No queue · usually takes 1.5–6.0s (from 1 run)',
    );
    const queued = { rank: 2, queueSize: 2, etaMs: 9000, meanRunMs: 3000, samples: 2 };
    expect(estimateText({ ...queued, etaRange: { lowMs: 6000, highMs: 13500 }, runRange: { lowMs: 2000, highMs: 4500 } })).toBe(
      '2 runs ahead of you · 6–14s (from 2 runs)',
    );
    const many = { ...queued, samples: 40, etaRange: { lowMs: 8500, highMs: 9500 }, runRange: { lowMs: 2800, highMs: 3200 } };
    expect(estimateText(many)).toBe('2 runs ahead of you · about 9.0s');
  });
});
