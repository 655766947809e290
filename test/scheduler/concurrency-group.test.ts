import { describe, expect, it } from 'vitest';
import { ConcurrencyGroup } from '../../main/scheduler/concurrency-group.js';
import { transition } from '../../main/scheduler/job.js';
import { RunStats } from '../../main/scheduler/run-stats.js';

describe('ConcurrencyGroup', () => {
  it('keeps the first limit and only lowers it', () => {
    const group = new ConcurrencyGroup<string>('g', 3);
    group.join(null);
    expect(group.limit).toBe(3);
    group.join(5);
    expect(group.limit).toBe(3);
    group.join(2);
    expect(group.limit).toBe(2);
    const unlimited = new ConcurrencyGroup<string>('u', null);
    unlimited.join(4);
    expect(unlimited.limit).toBe(4);
  });

  it('is ready only with waiting jobs and a free slot', () => {
    const group = new ConcurrencyGroup<string>('g', 1);
    expect(group.ready).toBe(false);
    group.waiting.push('a', 'b');
    expect(group.ready).toBe(true);
    group.running.add(group.waiting.shift() as string);
    expect(group.saturated).toBe(true);
    expect(group.ready).toBe(false);
    expect(group.remove('b')).toBe(true);
    expect(group.remove('a')).toBe(true);
    expect(group.remove('zzz')).toBe(false);
  });
});

describe('job transitions', () => {
  it('allows the diagrammed moves and refuses the rest', () => {
    expect(transition('queued', 'start')).toBe('running');
    expect(transition('queued', 'cancel')).toBe('cancelled');
    expect(transition('running', 'complete')).toBe('completed');
    expect(transition('running', 'fail')).toBe('failed');
    expect(() => transition('queued', 'complete')).toThrow(/queued --complete-->/);
    expect(() => transition('completed', 'cancel')).toThrow();
  });
});

describe('RunStats', () => {
  it('keeps a cumulative mean per key', () => {
    const stats = new RunStats();
    expect(stats.meanMs('f')).toBeNull();
    stats.record('f', 10);
    stats.record('f', 30);
    expect(stats.meanMs('f')).toBe(20);
  });
});
