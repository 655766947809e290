import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelReplicas, RuntimePool } from '../../main/runtimes/runtime-pool.js';
import { WorkerHost } from '../../main/runtimes/worker-host.js';
import { costModel, isAlive, tempDir, writeModule } from './support.js';

/** A project's workers: model replicas, JS modules calling models through the pool, cleanup. */

const signal = new AbortController().signal;
/** Wide enough that a batch of LONG_ROWS rows keeps a replica busy for a few hundred ms, while one row takes about 1 ms. */
const WIDTH = 1024;
const LONG_ROWS = 6_000;

const MODULE = `
export default async function score(inputs, ctx) {
  const out = await ctx.models.cost(inputs[0]);
  const shout = await ctx.call('shout', ['ok']);
  return { dims: out.y.dims, first: out.y.data[0], shout };
}
export async function unknownModel(inputs, ctx) {
  return typeof ctx.models.nope;
}
`;

describe('RuntimePool', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let pool: RuntimePool;
  let modulePath: string;
  const functionCalls: string[] = [];

  beforeAll(async () => {
    dir = await tempDir('pool');
    const cost = await costModel(dir.path, 'cost', WIDTH, { replicas: 2, load: 'eager' });
    modulePath = await writeModule(dir.path, 'score.mjs', MODULE);
    pool = new RuntimePool({
      models: { cost },
      callFunction: (name, inputs) => {
        functionCalls.push(name);
        return Promise.resolve(`${name}:${inputs.join(',')}`);
      },
    });
  });

  afterAll(async () => {
    await pool.dispose();
    await dir.remove();
  });

  it('loads eager models on start, one process per replica', async () => {
    await pool.start(signal);
    const pids = pool.model('cost').hosts.map((host) => host.pid);
    expect(pids).toHaveLength(2);
    expect(new Set(pids).size).toBe(2);
    for (const pid of pids) expect(isAlive(pid)).toBe(true);
  });

  it('sends concurrent calls to the least busy replica', async () => {
    const cost = pool.model('cost');
    const x = new Array<number>(WIDTH).fill(0.5);
    const jobs = [cost.infer(x, { signal }), cost.infer(x, { signal })];
    expect(cost.hosts.map((host) => host.activeJobs)).toEqual([1, 1]);
    const [a, b] = await Promise.all(jobs);
    expect(a).toEqual(b);
    expect(cost.activeJobs).toBe(0);
  });

  it('routes by load, not by turn: short calls avoid the replica busy with a long one', async () => {
    await pool.start(signal); // both replicas loaded (a replica that would have to load scores worse)
    const cost = pool.model('cost');
    const row = new Array<number>(WIDTH).fill(0.5);
    /** Which replica a call went to: the one whose job count it raised (pick() is synchronous). */
    const route = (input: unknown): { replica: number; done: Promise<unknown> } => {
      const before = cost.hosts.map((host) => host.activeJobs);
      const done = cost.infer(input, { signal });
      const raised = cost.hosts.map((host, i) => host.activeJobs - (before[i] ?? 0));
      expect(raised.filter((delta) => delta !== 0)).toEqual([1]);
      return { replica: raised.indexOf(1), done };
    };

    // Both idle: equal replicas take turns (round-robin among equals).
    const idle: number[] = [];
    for (let i = 0; i < 4; i++) {
      const call = route(row);
      await call.done;
      idle.push(call.replica);
    }
    expect(new Set(idle).size).toBe(2);
    for (let i = 1; i < idle.length; i++) expect(idle[i]).not.toBe(idle[i - 1]);

    // One long call (a big batch of rows) holds one replica; short calls, one after another while
    // it runs, must all go to the other replica. Round-robin would send every other one to the busy one.
    let longDone = false;
    const long = route(new Float32Array(LONG_ROWS * WIDTH).fill(0.5));
    void long.done.then(() => (longDone = true));
    const other = 1 - long.replica;
    const shorts: number[] = [];
    for (let i = 0; i < 6; i++) {
      expect(cost.hosts[long.replica]?.activeJobs).toBe(1); // the long call is still running
      const call = route(row);
      shorts.push(call.replica);
      await call.done;
    }
    expect(longDone).toBe(false);
    expect(shorts).toEqual(new Array<number>(6).fill(other));
    const result = (await long.done) as { y: { dims: number[] } };
    expect(result.y.dims).toEqual([LONG_ROWS, WIDTH]);
    expect(cost.activeJobs).toBe(0);
  });

  it('lets JS functions call models and functions through the pool', async () => {
    const result = await pool.callJs(modulePath, 'default', [new Array<number>(WIDTH).fill(1)], { signal });
    expect(result).toMatchObject({ dims: [1, WIDTH], shout: 'shout:ok' });
    expect(functionCalls).toEqual(['shout']);
    await expect(pool.callJs(modulePath, 'unknownModel', [], { signal })).resolves.toBe('undefined');
    expect(pool.jsModule(modulePath)).toBe(pool.jsModule(join(dir.path, '.', 'score.mjs')));
  });

  it('rejects unknown model names with NOT_FOUND', () => {
    expect(() => pool.model('missing')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('dispose stops every worker process', async () => {
    const pids = [...pool.model('cost').hosts.map((host) => host.pid), pool.jsModule(modulePath).pid];
    expect(pids.every((pid) => pid !== undefined)).toBe(true);
    await pool.dispose();
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    expect(() => pool.jsModule(modulePath)).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
  });
});

describe('RuntimePool idle unload', () => {
  it('stops an idle model after idleUnloadSeconds and loads it again on the next request', async () => {
    const dir = await tempDir('pool-idle');
    const cost = await costModel(dir.path, 'cost', WIDTH, { idleUnloadSeconds: 0.2 });
    const pool = new RuntimePool({ models: { cost } });
    try {
      const row = Array.from({ length: WIDTH }, () => 0.5);
      // The idle timer starts once this call is done, so it cannot fire before `asked` + 0.2 s,
      // however loaded the machine is: that lower bound is what is checked, not a sleep.
      const asked = performance.now();
      await pool.model('cost').infer(row, { signal });
      const [host] = pool.model('cost').hosts;
      const pid = host?.pid;
      expect(isAlive(pid)).toBe(true);
      await expect.poll(() => host?.state.kind, { timeout: 30_000, interval: 10 }).toBe('idle');
      expect(performance.now() - asked).toBeGreaterThanOrEqual(190);
      await expect.poll(() => isAlive(pid), { timeout: 30_000 }).toBe(false);
      const again = (await pool.model('cost').infer(row, { signal })) as { y: { dims: number[] } };
      expect(again.y.dims).toEqual([1, WIDTH]);
      expect(host?.pid).not.toBe(pid);
    } finally {
      await pool.dispose();
      await dir.remove();
    }
  });
});

describe('ModelReplicas with a replica in a crash loop', () => {
  it('sends calls to a replica that serves, not to the paused one; when all are paused, says so', async () => {
    const dir = await tempDir('paused-replica');
    const modulePath = await writeModule(
      dir.path,
      'm.mjs',
      [
        'export function pid() { return process.pid; }',
        'export function exit() { process.exit(5); }',
        'export async function wait([ms]) { await new Promise((resolve) => setTimeout(resolve, ms)); return "waited"; }',
      ].join('\n'),
    );
    const hosts = [0, 1].map(
      () =>
        new WorkerHost({
          spec: { kind: 'js', name: 'm.mjs', modulePath, models: [] },
          restartPolicy: { maxCrashes: 1, pauseMs: 600_000 },
        }),
    );
    const replicas = new ModelReplicas('m', hosts);
    try {
      await replicas.load({ signal });
      const [first, second] = hosts as [WorkerHost, WorkerHost];
      await expect(first.infer({ export: 'exit', inputs: [] }, { signal })).rejects.toMatchObject({ code: 'WORKER_CRASHED' });
      expect(first.state.kind).toBe('paused');
      // Even while the serving replica is busy (more jobs than the paused one), calls go there.
      const busy = second.infer({ export: 'wait', inputs: [1_000] }, { signal });
      for (let i = 0; i < 4; i++) await expect(replicas.infer({ export: 'pid', inputs: [] }, { signal })).resolves.toBe(second.pid);
      await expect(busy).resolves.toBe('waited');
      await expect(second.infer({ export: 'exit', inputs: [] }, { signal })).rejects.toMatchObject({ code: 'WORKER_CRASHED' });
      await expect(replicas.infer({ export: 'pid', inputs: [] }, { signal })).rejects.toMatchObject({ code: 'WORKER_PAUSED' });
    } finally {
      await replicas.unload();
      await Promise.all(hosts.map((host) => host.dispose()));
      await dir.remove();
    }
  });
});
