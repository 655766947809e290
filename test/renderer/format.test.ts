import { describe, expect, it } from 'vitest';
import { announceText, formatSeconds, progressFraction, progressText, queueText, statusText } from '../../renderer/runner/format.js';

describe('format', () => {
  it('formats durations', () => {
    expect(formatSeconds(0.42)).toBe('0.4s');
    expect(formatSeconds(12.4)).toBe('12s');
    expect(formatSeconds(75)).toBe('1m 15s');
    expect(formatSeconds(-3)).toBe('0.0s');
  });

  it('formats queue positions (rank is 0-based)', () => {
    expect(queueText(0, 3)).toBe('1 of 3 in queue');
    expect(queueText(4, 2)).toBe('5 of 5 in queue');
    expect(queueText(1, null)).toBe('#2 in queue');
    expect(queueText(null, null)).toBe('Waiting in queue');
  });

  it('counts the ETA down from when it was received', () => {
    const queued = { stage: 'queued', since: 0, position: 1, size: 2, eta: 5, etaAt: 1000 } as const;
    expect(statusText(queued, 3000)).toBe('2 of 2 in queue · about 3.0s left');
    expect(statusText(queued, 9000)).toBe('2 of 2 in queue · any moment now');
    const running = { stage: 'running', since: 0, startedAt: 1000, eta: 2, progress: null, generating: false } as const;
    expect(statusText(running, 1500)).toBe('Running… 0.5s / ~2.0s');
    expect(statusText({ stage: 'failed', message: 'boom', title: null }, 0)).toBe('boom');
    expect(statusText({ stage: 'completed', duration: 1 }, 0)).toBeNull();
  });

  it('describes progress entries', () => {
    expect(progressText({ progress: null, index: 3, length: 20, unit: 'steps', desc: 'Denoising' })).toBe('Denoising 3/20 steps');
    expect(progressText({ progress: 0.456, index: null, length: null, unit: null, desc: null })).toBe('46%');
    expect(progressFraction({ progress: null, index: 5, length: 20 })).toBe(0.25);
    expect(progressFraction({ progress: null, index: 5, length: null })).toBeNull();
  });

  it('announces stages and queue positions, never the ticking clock', () => {
    expect(announceText({ stage: 'queued', since: 0, position: 0, size: 2, eta: 5, etaAt: 0 })).toBe('1 of 2 in queue');
    expect(announceText({ stage: 'running', since: 0, startedAt: 0, eta: 3, progress: null, generating: false })).toBe('Running');
    expect(announceText({ stage: 'cancelled' })).toBe('Cancelled');
  });
});
