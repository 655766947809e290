import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../renderer/runner/config.js';
import { carryValues, Reconnector } from '../../renderer/runner/reconnect.js';
import { blocksConfig, interfaceConfig } from './fixtures.js';

/** Timers the test fires by hand. */
function manualTimers() {
  const pending: (() => void)[] = [];
  return {
    setTimer: (fn: () => void) => {
      pending.push(fn);
      return pending.length;
    },
    clearTimer: () => pending.splice(0),
    fire: () => pending.shift()?.(),
    get count() {
      return pending.length;
    },
  };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('Reconnector', () => {
  it('probes on each tick until the probe answers, then reports once and stops', async () => {
    const timers = manualTimers();
    let up = false;
    const back: string[] = [];
    const attempts: number[] = [];
    const r = new Reconnector<string>({
      probe: () => (up ? Promise.resolve('config') : Promise.reject(new Error('down'))),
      onBack: (c) => back.push(c),
      onAttempt: (n) => attempts.push(n),
      ...timers,
    });
    r.start();
    r.start(); // idempotent
    expect(timers.count).toBe(1);
    timers.fire();
    await flush();
    expect(back).toEqual([]);
    expect(timers.count).toBe(1); // rescheduled
    up = true;
    timers.fire();
    await flush();
    expect(back).toEqual(['config']);
    expect(attempts).toEqual([1, 2]);
    expect(r.active).toBe(false);
    expect(timers.count).toBe(0);
  });

  it('stop() cancels the next attempt and ignores a probe in flight', async () => {
    const timers = manualTimers();
    let resolve!: (v: string) => void;
    const back: string[] = [];
    let aborted = false;
    const r = new Reconnector<string>({
      probe: (signal) => {
        signal.addEventListener('abort', () => (aborted = true));
        return new Promise((res) => (resolve = res));
      },
      onBack: (c) => back.push(c),
      ...timers,
    });
    r.start();
    timers.fire();
    r.stop();
    resolve('late');
    await flush();
    expect(back).toEqual([]);
    expect(aborted).toBe(true);
  });
});

describe('carryValues', () => {
  it('keeps values of components with the same id, key and type; drops the rest', () => {
    const before = parseConfig(interfaceConfig());
    const values = new Map<number, unknown>([
      [1, 'typed text'],
      [2, { label: 'POSITIVE' }],
      [4, 'Submit'],
      [99, 'gone'],
    ]);
    expect([...carryValues(before, values, before)]).toEqual([
      [1, 'typed text'],
      [2, { label: 'POSITIVE' }],
    ]);
    const other = parseConfig(blocksConfig());
    const kept = carryValues(before, values, other);
    for (const [id] of kept) expect(other.components.get(id)?.type).toBe(before.components.get(id)?.type);
  });
});
