import { describe, expect, it } from 'vitest';
import { formatMs } from '../../preload/shared/tune/capacity-text.js';

describe('formatMs (tune figures and budgets)', () => {
  it('writes each duration in the unit people read best, two significant digits', () => {
    expect(formatMs(350)).toBe('350 ms');
    expect(formatMs(1_234)).toBe('1.2 s');
    expect(formatMs(45_000)).toBe('45 s');
    expect(formatMs(90_000)).toBe('1.5 min');
    expect(formatMs(30 * 60_000)).toBe('30 min');
    expect(formatMs(2 * 3_600_000)).toBe('2 h');
    // `tune --budget 600h` said "for up to 2200000 s".
    expect(formatMs(600 * 3_600_000)).toBe('600 h');
    expect(formatMs(Number.POSITIVE_INFINITY)).toBe('∞');
  });
});
