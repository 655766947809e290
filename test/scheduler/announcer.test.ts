import { describe, expect, it } from 'vitest';
import type { QueuePosition } from '../../main/engine/types.js';
import { Announcer } from '../../main/scheduler/announcer.js';
import { SpecScheduler as Scheduler } from './spec-scheduler.js';

/** Estimations are coalesced per turn, and long lines are re-announced less often. */

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('Announcer', () => {
  it('broadcasts a group once per turn, to everyone once anything moved', async () => {
    const calls: { group: string; moved: boolean }[] = [];
    const announcer = new Announcer<string>(
      (group, moved) => {
        calls.push({ group, moved });
        return 1;
      },
      { now: () => performance.now(), perJobMs: 0 },
    );
    announcer.mark('a', false);
    announcer.mark('a', false);
    announcer.mark('b', false);
    announcer.mark('a', true);
    expect(calls).toEqual([]);
    await turn();
    expect(calls).toEqual([
      { group: 'a', moved: true },
      { group: 'b', moved: false },
    ]);
    announcer.mark('a', false);
    await turn();
    expect(calls.at(-1)).toEqual({ group: 'a', moved: false });
  });

  it('waits perJobMs per job reached before the next broadcast of that group', async () => {
    let at: number[] = [];
    const announcer = new Announcer<string>(
      () => {
        at.push(performance.now());
        return 20; // 20 jobs × 5 ms = 100 ms of quiet
      },
      { now: () => performance.now(), perJobMs: 5 },
    );
    announcer.mark('g', true);
    await turn();
    expect(at).toHaveLength(1);
    const first = at[0] ?? 0;
    announcer.mark('g', true);
    // Waits for the broadcast itself, not a deadline (a busy machine oversleeps): its time is the point.
    while (at.length < 2) await sleep(5);
    expect(at).toHaveLength(2);
    expect((at[1] ?? 0) - first).toBeGreaterThanOrEqual(95);
    at = [];
    announcer.mark('g', true);
    announcer.cancelAll();
    await sleep(150);
    expect(at).toEqual([]);
  });
});

describe('Scheduler estimations with a long line', () => {
  it('tells 5,000 waiting jobs their place about once each, not once per move (Gradio: 12.5 million)', async () => {
    // Broadcasts are spaced by line length × announcePerJobMs of wall time, so how many a drain
    // hears depends on how fast the machine drains. At 1 ms per job the line (5,000 jobs, drained
    // in 0.35 s idle) is gone before a second broadcast even on a machine 10x slower; the default
    // 0.05 ms would let a loaded machine hear several (measured 37,155 at load 9).
    const scheduler = new Scheduler({ maxSize: null, announcePerJobMs: 1 });
    const count = 5_000;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const heard = new Map<number, QueuePosition[]>();
    const results = Array.from(
      { length: count },
      (_, i) =>
        scheduler.submit({
          groupId: 'g',
          limit: 1,
          statsKey: 'f',
          sessionId: 'one',
          signal: new AbortController().signal,
          run: async () => {
            await gate;
            await turn(); // each job ends on its own turn, so every start is a move
            return i;
          },
          onQueue: (position) => heard.set(i, [...(heard.get(i) ?? []), position]),
        }).result,
    );
    await turn();
    // Every waiting job has its place (the first one is running), in FIFO order.
    expect(heard.size).toBe(count);
    expect(heard.get(count - 1)?.at(-1)).toMatchObject({ rank: count - 2, queueSize: count - 1 });
    expect(heard.get(1)?.at(-1)).toMatchObject({ rank: 0 });
    release();
    await expect(Promise.all(results)).resolves.toHaveLength(count);
    const total = [...heard.values()].reduce((sum, positions) => sum + positions.length, 0);
    expect(total).toBeLessThan(3 * count);
  });
});
