import { describe, expect, it } from 'vitest';
import type { Admission } from '../../main/scheduler/scheduler.js';
import { SpecScheduler as Scheduler, type JobSpec } from './spec-scheduler.js';

/** The admission hook with fake admissions: no timers, jobs finished by hand. */

interface Manual {
  readonly run: (signal: AbortSignal) => Promise<string>;
  finish: (value: string) => void;
  started: boolean;
}

function manual(): Manual {
  const handle: Manual = {
    started: false,
    finish: () => undefined,
    run: (signal) => {
      handle.started = true;
      return new Promise<string>((resolve, reject) => {
        handle.finish = resolve;
        signal.addEventListener('abort', () => reject(new Error('aborted')));
      });
    },
  };
  return handle;
}

function spec(job: Manual, extra: Partial<JobSpec<string>> = {}): JobSpec<string> {
  return { groupId: 'g', limit: null, statsKey: 'f', signal: new AbortController().signal, run: job.run, ...extra };
}

/** Answers with `decide` (default: while `room` is above zero); records every question. */
function fakeAdmission(): {
  admission: Admission;
  room: number;
  decide: (statsKey: string) => boolean;
  asked: [string, string, number][];
} {
  const fake = {
    room: 0,
    asked: [] as [string, string, number][],
    decide: (_statsKey: string): boolean => fake.room > 0,
    admission: (groupId: string, statsKey: string, running: number): boolean => {
      fake.asked.push([groupId, statsKey, running]);
      return fake.decide(statsKey);
    },
  };
  return fake;
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('Scheduler admission hook', () => {
  it('always starts one run of an idle group without asking, then asks before each further run', () => {
    const fake = fakeAdmission();
    const scheduler = new Scheduler({ maxSize: null, admission: fake.admission });
    const jobs = [manual(), manual(), manual()];
    for (const job of jobs) scheduler.submit(spec(job)).result.catch(() => undefined);
    expect(jobs.map((job) => job.started)).toEqual([true, false, false]);
    expect(fake.asked[0]).toEqual(['g', 'f', 1]);
    fake.room = 1;
    scheduler.wake();
    expect(jobs.map((job) => job.started)).toEqual([true, true, true]);
    expect(fake.asked.at(-1)).toEqual(['g', 'f', 2]);
    scheduler.close();
  });

  it('keeps a refused head waiting in FIFO order and retries when a run finishes', async () => {
    const fake = fakeAdmission();
    const scheduler = new Scheduler({ maxSize: null, admission: fake.admission });
    const a = manual();
    const b = manual();
    const c = manual();
    const results = [
      scheduler.submit(spec(a, { statsKey: 'big' })).result,
      scheduler.submit(spec(b, { statsKey: 'big' })).result,
      scheduler.submit(spec(c, { statsKey: 'small' })).result,
    ];
    // The admission refuses "big" only: "small" behind it must not jump the line.
    fake.decide = (statsKey) => statsKey !== 'big';
    scheduler.wake();
    expect([a.started, b.started, c.started]).toEqual([true, false, false]);
    expect(scheduler.waiting).toBe(2);
    a.finish('A');
    await flush();
    // The group went idle: b starts without asking; c is asked about with b running.
    expect([b.started, c.started]).toEqual([true, true]);
    expect(fake.asked.at(-1)).toEqual(['g', 'small', 1]);
    b.finish('B');
    c.finish('C');
    await expect(Promise.all(results)).resolves.toEqual(['A', 'B', 'C']);
  });

  it('a group refused by the admission does not hold up other groups', () => {
    const fake = fakeAdmission();
    const scheduler = new Scheduler({ maxSize: null, admission: fake.admission });
    const [a, b, c] = [manual(), manual(), manual()];
    scheduler.submit(spec(a, { groupId: 'gpu' })).result.catch(() => undefined);
    scheduler.submit(spec(b, { groupId: 'gpu' })).result.catch(() => undefined);
    scheduler.submit(spec(c, { groupId: 'cpu' })).result.catch(() => undefined);
    expect([a.started, b.started, c.started]).toEqual([true, false, true]);
    expect(fake.asked.every(([group]) => group === 'gpu')).toBe(true);
    scheduler.close();
  });

  it('the group limit still applies when the admission says yes', () => {
    const scheduler = new Scheduler({ maxSize: null, admission: () => true });
    const jobs = [manual(), manual(), manual()];
    for (const job of jobs) scheduler.submit(spec(job, { limit: 2 })).result.catch(() => undefined);
    expect(jobs.map((job) => job.started)).toEqual([true, true, false]);
    scheduler.close();
  });

  it('a waiting job refused by the admission can still be cancelled; wake() after close does nothing', async () => {
    const scheduler = new Scheduler({ maxSize: null, admission: () => false });
    const a = manual();
    const b = manual();
    const controller = new AbortController();
    scheduler.submit(spec(a)).result.catch(() => undefined);
    const waiting = scheduler.submit(spec(b, { signal: controller.signal })).result;
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(scheduler.waiting).toBe(0);
    scheduler.close();
    scheduler.wake();
    expect(b.started).toBe(false);
  });
});
