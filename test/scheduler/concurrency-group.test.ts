import { describe, expect, it } from 'vitest';
import { ConcurrencyGroup } from '../../main/scheduler/concurrency-group.js';
import { FairQueue } from '../../main/scheduler/fair-queue.js';
import { transition } from '../../main/scheduler/job.js';
import { RunStats } from '../../main/scheduler/run-stats.js';

interface Item {
  readonly sessionId: string;
  readonly priority: 'high' | 'normal';
  readonly name: string;
}
const item = (name: string, sessionId = '', priority: Item['priority'] = 'normal'): Item => ({ name, sessionId, priority });

describe('ConcurrencyGroup', () => {
  it('keeps the first limit and only lowers it', () => {
    const group = new ConcurrencyGroup<Item>('g', 3);
    group.join(null);
    expect(group.limit).toBe(3);
    group.join(5);
    expect(group.limit).toBe(3);
    group.join(2);
    expect(group.limit).toBe(2);
    const unlimited = new ConcurrencyGroup<Item>('u', null);
    unlimited.join(4);
    expect(unlimited.limit).toBe(4);
  });

  it('is ready only with waiting jobs and a free slot', () => {
    const group = new ConcurrencyGroup<Item>('g', 1);
    expect(group.ready).toBe(false);
    group.waiting.push(item('a'));
    group.waiting.push(item('b'));
    expect(group.ready).toBe(true);
    group.running.add(group.waiting.shift() as Item);
    expect(group.saturated).toBe(true);
    expect(group.ready).toBe(false);
  });
});

describe('FairQueue', () => {
  const names = (items: readonly Item[]): string[] => items.map((i) => i.name);

  it('is plain FIFO for one session', () => {
    const queue = new FairQueue<Item>();
    for (const name of ['a', 'b', 'c']) queue.push(item(name));
    expect(names(queue.order())).toEqual(['a', 'b', 'c']);
    expect(queue.shift()?.name).toBe('a');
    expect(queue.length).toBe(2);
  });

  it('walks the line in order without an iterator, stopping where the visitor says, and head() is the next to leave', () => {
    const queue = new FairQueue<Item>();
    expect(queue.head()).toBeUndefined();
    for (const name of ['a1', 'a2', 'a3']) queue.push(item(name, 'A'));
    queue.push(item('b1', 'B'));
    expect(queue.head()?.name).toBe('a1');
    queue.push(item('app', 'W', 'high'));
    expect(queue.head()?.name).toBe('app');
    const seen: string[] = [];
    queue.inOrder((job) => {
      seen.push(job.name);
      return job.name !== 'b1';
    });
    expect(seen).toEqual(['app', 'a1', 'b1']);
    const all: string[] = [];
    queue.inOrder((job) => void all.push(job.name));
    expect(all).toEqual(['app', 'a1', 'b1', 'a2', 'a3']);
    expect(names(queue.order(2))).toEqual(['app', 'a1']);
  });

  it('serves sessions round-robin, high priority first, and order() predicts shift()', () => {
    const queue = new FairQueue<Item>();
    for (const name of ['a1', 'a2', 'a3', 'a4']) queue.push(item(name, 'A'));
    queue.push(item('b1', 'B'));
    queue.push(item('b2', 'B'));
    queue.push(item('c1', 'C'));
    queue.push(item('app', 'W', 'high'));
    const predicted = names(queue.order());
    expect(predicted).toEqual(['app', 'a1', 'b1', 'c1', 'a2', 'b2', 'a3', 'a4']);
    const served: string[] = [];
    for (let next = queue.shift(); next; next = queue.shift()) served.push(next.name);
    expect(served).toEqual(predicted);
  });

  it('removes a job from the middle and keeps the rotation', () => {
    const queue = new FairQueue<Item>();
    const b1 = item('b1', 'B');
    queue.push(item('a1', 'A'));
    queue.push(b1);
    queue.push(item('a2', 'A'));
    expect(queue.remove(b1)).toBe(true);
    expect(queue.remove(b1)).toBe(false);
    expect(names(queue.order())).toEqual(['a1', 'a2']);
  });

  it('a removal (a cancel) is no turn: the session keeps its place; serving one sends it to the back', () => {
    const queue = new FairQueue<Item>();
    const a1 = item('a1', 'A');
    const a2 = item('a2', 'A');
    for (const one of [a1, a2, item('a3', 'A'), item('b1', 'B'), item('b2', 'B')]) queue.push(one);
    expect(names(queue.order())).toEqual(['a1', 'b1', 'a2', 'b2', 'a3']);
    expect(queue.remove(a1)).toBe(true);
    expect(names(queue.order())).toEqual(['a2', 'b1', 'a3', 'b2']);
    expect(queue.serve(a2)).toBe(true);
    expect(names(queue.order())).toEqual(['b1', 'a3', 'b2']);
    expect(queue.serve(a2)).toBe(false);
  });

  it('rankFor(priority, session) is the index a job pushed now takes in order(), for any line', () => {
    // A seeded walk over random lines (pushes, removals from the middle, shifts that rotate).
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const sessions = ['A', 'B', 'C', 'D', ''];
    let checked = 0;
    for (let round = 0; round < 40; round++) {
      const queue = new FairQueue<Item>();
      const items: Item[] = [];
      for (let step = 0, steps = random(30); step < steps; step++) {
        const roll = random(10);
        if (roll < 7) {
          const pushed = item(`j${step}`, sessions[random(sessions.length)], random(6) === 0 ? 'high' : 'normal');
          queue.push(pushed);
          items.push(pushed);
        } else if (roll < 9 && items.length > 0) {
          queue.remove(items.splice(random(items.length), 1)[0] as Item);
        } else {
          const shifted = queue.shift();
          if (shifted) items.splice(items.indexOf(shifted), 1);
        }
      }
      for (const priority of ['high', 'normal'] as const) {
        for (const sessionId of [...sessions, 'new', undefined]) {
          const rank = queue.rankFor(priority, sessionId);
          const probe = item('probe', sessionId ?? 'never-seen', priority);
          queue.push(probe);
          expect(names(queue.order()).indexOf('probe'), `${priority} ${String(sessionId)} in ${names(queue.order()).join(',')}`).toBe(rank);
          queue.remove(probe);
          checked++;
        }
      }
    }
    expect(checked).toBe(40 * 2 * 7);
  });

  it('ranks a new session behind one job per waiting session, not behind the whole line', () => {
    const queue = new FairQueue<Item>();
    for (const name of ['a1', 'a2', 'a3', 'a4']) queue.push(item(name, 'A'));
    queue.push(item('b1', 'B'));
    queue.push(item('app', 'W', 'high'));
    expect(queue.rankFor('normal')).toBe(3); // app, a1, b1
    expect(queue.rankFor('normal', 'B')).toBe(4); // app, a1, b1, a2
    expect(queue.rankFor('normal', 'A')).toBe(6); // all but the new one
    expect(queue.rankFor('high', 'A')).toBe(1);
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
  it('uses the median of the first runs, so a cold start does not stick', () => {
    const stats = new RunStats();
    expect(stats.meanMs('f')).toBeNull();
    stats.record('f', 10);
    stats.record('f', 30);
    expect(stats.meanMs('f')).toBe(20);
    stats.record('f', 600);
    expect(stats.meanMs('f')).toBe(30);
  });

  it('decays towards recent run times, with a range that narrows as runs are measured', () => {
    const stats = new RunStats();
    for (let i = 0; i < 10; i++) stats.record('f', 100);
    expect(stats.range('f')).toEqual({ lowMs: expect.closeTo(100 / 1.1) as unknown, highMs: expect.closeTo(110) as unknown, samples: 10 });
    for (let i = 0; i < 10; i++) stats.record('f', 10);
    expect(stats.meanMs('f')).toBeLessThan(20); // a cumulative mean would still say 55
    expect(stats.range('f')).toEqual({ lowMs: expect.closeTo(10 / 1.05) as unknown, highMs: expect.closeTo(105) as unknown, samples: 20 });
  });

  it('says so when the data is thin: one run of 2 s gives 1–4 s, two runs their spread widened by 1.5', () => {
    const stats = new RunStats();
    expect(stats.range('g')).toBeNull();
    stats.record('g', 2000);
    expect(stats.range('g')).toEqual({ lowMs: 1000, highMs: 4000, samples: 1 });
    stats.record('g', 3000);
    expect(stats.range('g')).toEqual({ lowMs: expect.closeTo(2000 / 1.5) as unknown, highMs: expect.closeTo(4500) as unknown, samples: 2 });
  });
});
