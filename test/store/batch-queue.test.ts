/**
 * The store's shared write-queue parts (main/store/batch-queue.ts, drop-counter.ts): batching on a
 * timer, a refused batch kept in order and retried with what came meanwhile, the bound's two log
 * lines. Real timers; every wait is on the commit itself.
 */
import { describe, expect, it } from 'vitest';
import { BatchQueue } from '../../main/store/batch-queue.js';
import { DropCounter } from '../../main/store/drop-counter.js';

function queueWith(refuse: number): {
  queue: BatchQueue<number>;
  batches: number[][];
  refusals: number[];
  committed: () => Promise<number[]>;
} {
  const batches: number[][] = [];
  const refusals: number[] = [];
  let waiter: ((batch: number[]) => void) | null = null;
  let left = refuse;
  const queue = new BatchQueue<number>({
    delayMs: 5,
    retryMs: 20,
    commit: (items) => {
      if (left-- > 0) throw new Error('SQLITE_BUSY: database is locked');
      batches.push([...items]);
      waiter?.([...items]);
    },
    refused: (_error, waiting) => refusals.push(waiting),
  });
  const committed = (): Promise<number[]> => new Promise((resolve) => (waiter = resolve));
  return { queue, batches, refusals, committed };
}

describe('BatchQueue', () => {
  it('commits what was added within the window in one batch, in order', async () => {
    const { queue, batches, committed } = queueWith(0);
    const next = committed();
    queue.add(1);
    queue.add(2, 3);
    expect(batches).toEqual([]);
    expect(await next).toEqual([1, 2, 3]);
    expect(queue.length).toBe(0);
  });

  it('keeps a refused batch at the head and retries it together with what came meanwhile', async () => {
    const { queue, batches, refusals, committed } = queueWith(1);
    const next = committed();
    queue.add(1, 2);
    while (refusals.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    expect(refusals).toEqual([2]);
    queue.add(3);
    expect(await next).toEqual([1, 2, 3]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('throws from commitNow when refused, keeps the items, and retries them on its own', async () => {
    const { queue, committed } = queueWith(1);
    queue.add(7);
    expect(() => queue.commitNow()).toThrow(/SQLITE_BUSY/);
    expect(queue.length).toBe(1);
    expect(await committed()).toEqual([7]);
  });

  it('drops everything on clear, and commits nothing after', async () => {
    const { queue, batches } = queueWith(0);
    queue.add(1, 2);
    queue.clear();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(batches).toEqual([]);
    expect(queue.length).toBe(0);
  });
});

describe('DropCounter', () => {
  it('admits below the bound, logs the first drop at once and the count when drained', () => {
    const lines: [string, unknown][] = [];
    const drops = new DropCounter({ error: (message: string, fields?: unknown) => void lines.push([message, fields]) }, 2);
    expect(drops.admit(0)).toBe(true);
    expect(drops.admit(1)).toBe(true);
    expect([drops.admit(2), drops.admit(2), drops.admit(3)]).toEqual([false, false, false]);
    expect(lines).toEqual([['the database write queue is full: writes are dropped until it drains', { maxQueued: 2 }]]);
    drops.drained();
    drops.drained();
    expect(lines[1]).toEqual(['the database write queue drained; writes were dropped meanwhile', { dropped: 3 }]);
    expect(lines).toHaveLength(2);
  });
});
