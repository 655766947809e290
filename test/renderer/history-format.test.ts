import { describe, expect, it } from 'vitest';
import { runDuration } from '../../renderer/history/history-format.js';

describe('History panel: run durations', () => {
  it('reads as ms under a second, seconds, then minutes; empty when the run never started', () => {
    expect(runDuration(null)).toBe('');
    expect(runDuration(4)).toBe('4 ms');
    expect(runDuration(250)).toBe('250 ms');
    expect(runDuration(1_310)).toBe('1.31 s');
    expect(runDuration(12_400)).toBe('12 s');
    expect(runDuration(125_000)).toBe('2 min 5 s');
  });
});
