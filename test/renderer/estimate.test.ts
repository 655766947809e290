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
      slotFree: true,
      coldStart: false,
    });
    expect(parseEstimate({ rank: 0, queueSize: 0, etaMs: null, etaRangeMs: null, runMs: null })).toEqual({
      rank: 0,
      queueSize: 0,
      etaMs: null,
      meanRunMs: null,
      etaRange: null,
      runRange: null,
      samples: null,
      slotFree: true,
      coldStart: false,
    });
    expect(parseEstimate({ rank: 0, queueSize: 1, slotFree: false, coldStart: true, etaMs: null, runMs: null })).toMatchObject({
      slotFree: false,
      coldStart: true,
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

/** The text with no-break spaces shown as "_", so the places where a line may break are visible. */
const shown = (text: string | null): string | null => text?.replaceAll('\u00a0', '_') ?? null;

describe('estimateText', () => {
  const settled = { etaRange: null, runRange: null, samples: null, slotFree: true, coldStart: false };
  it('says how many runs are ahead and how long it will take', () => {
    expect(shown(estimateText({ rank: 1, queueSize: 1, etaMs: 6100, meanRunMs: 3000, ...settled }))).toBe(
      '1_run ahead of you · about_6.1s',
    );
    expect(shown(estimateText({ rank: 3, queueSize: 3, etaMs: null, meanRunMs: null, ...settled }))).toBe('3_runs ahead of you');
  });

  it('mentions a slow function even with no queue, and stays quiet for fast or unknown ones', () => {
    expect(shown(estimateText({ rank: 0, queueSize: 0, etaMs: 3000, meanRunMs: 3000, ...settled }))).toBe(
      'No queue · usually takes about_3.0s',
    );
    expect(estimateText({ rank: 0, queueSize: 0, etaMs: 20, meanRunMs: 20, ...settled })).toBeNull();
    expect(estimateText({ rank: 0, queueSize: 0, etaMs: null, meanRunMs: null, ...settled })).toBeNull();
  });

  it('gives a range while the data is thin, and "about" once it is narrow; "(from 1 run)" never breaks', () => {
    const oneRun = { rank: 0, queueSize: 0, etaMs: 3000, meanRunMs: 3000, samples: 1, slotFree: true, coldStart: false };
    expect(shown(estimateText({ ...oneRun, etaRange: { lowMs: 1500, highMs: 6000 }, runRange: { lowMs: 1500, highMs: 6000 } }))).toBe(
      'No queue · usually takes 1.5–6.0s_(from_1_run)',
    );
    const queued = { rank: 2, queueSize: 2, etaMs: 9000, meanRunMs: 3000, samples: 2, slotFree: false, coldStart: false };
    expect(shown(estimateText({ ...queued, etaRange: { lowMs: 6000, highMs: 13500 }, runRange: { lowMs: 2000, highMs: 4500 } }))).toBe(
      '2_runs ahead of you · 6–14s_(from_2_runs)',
    );
    const many = { ...queued, samples: 40, etaRange: { lowMs: 8500, highMs: 9500 }, runRange: { lowMs: 2800, highMs: 3200 } };
    expect(shown(estimateText(many))).toBe('2_runs ahead of you · about_9.0s');
  });

  it('says the slot is busy when nobody waits but every slot runs (never "No queue")', () => {
    const busy = { rank: 0, queueSize: 1, meanRunMs: 3000, ...settled, slotFree: false };
    expect(shown(estimateText({ ...busy, etaMs: 4200 }))).toBe('Busy: another run is in progress · about_4.2s');
    // Even for a quick function, which says nothing when a slot is free.
    expect(estimateText({ ...busy, etaMs: 300, meanRunMs: 200 })).toMatch(/^Busy: another run is in progress/);
    // Before any warm run there is no time to give, but the wait is still worth saying.
    expect(estimateText({ ...busy, etaMs: null, meanRunMs: null })).toBe('Busy: another run is in progress');
  });

  it('says the first run starts the model, and gives no time from a cold run', () => {
    const cold = { rank: 0, queueSize: 0, etaMs: null, meanRunMs: null, ...settled, coldStart: true };
    expect(estimateText(cold)).toBe('First run starts the model');
    // Measured before, unloaded since (idle unload, a crash): it loads again, then runs as measured.
    const measured = { ...cold, etaMs: 3000, meanRunMs: 3000, samples: 12 };
    expect(shown(estimateText(measured))).toBe('Starts the model first · then about_3.0s');
    expect(estimateText({ ...measured, etaMs: 40, meanRunMs: 40 })).toBe('Starts the model first');
    // A JS function's worker start is not announced: an instant function says nothing, warm or cold.
    expect(estimateText({ ...cold, coldStart: false })).toBeNull();
  });
});
