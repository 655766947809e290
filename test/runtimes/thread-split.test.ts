import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimePool } from '../../main/runtimes/runtime-pool.js';
import { defaultThreads, workerThreads } from '../../main/runtimes/thread-split.js';
import { costModel, tempDir } from './support.js';

/** Replicas share the cores out instead of each starting a full onnxruntime pool. */

describe('defaultThreads', () => {
  it('keeps onnxruntime’s own default for one replica', () => {
    expect(defaultThreads(1, 16)).toBeUndefined();
  });

  it('shares the cores out between replicas, at least one thread each', () => {
    expect(defaultThreads(2, 16)).toBe(8);
    expect(defaultThreads(3, 16)).toBe(5);
    expect(defaultThreads(4, 2)).toBe(1);
  });

  it('never overrides threads set in project.json', () => {
    expect(workerThreads({ replicas: 4, threads: 6 }, 2)).toBe(6);
    expect(workerThreads({ replicas: 4 }, 8)).toBe(2);
  });
});

/** OS threads of a process (Linux), which grow with onnxruntime's intra-op pool. */
async function osThreads(pid: number | undefined): Promise<number> {
  const status = await readFile(`/proc/${String(pid)}/status`, 'utf8');
  const match = /^Threads:\s+(\d+)$/m.exec(status);
  if (!match) throw new Error(`no Threads line for pid ${String(pid)}`);
  return Number(match[1]);
}

describe.runIf(process.platform === 'linux')('worker threads of replicated models', () => {
  let dir: { path: string; remove: () => Promise<void> };
  const pools: RuntimePool[] = [];

  beforeAll(async () => {
    dir = await tempDir('threads');
  });

  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.dispose()));
    await dir.remove();
  });

  async function workerThreadCounts(cpus: number, extra: Record<string, unknown>): Promise<number[]> {
    const model = await costModel(dir.path, `cost${pools.length}`, 8, { replicas: 2, load: 'eager', ...extra });
    const pool = new RuntimePool({ models: { cost: model }, cpus });
    pools.push(pool);
    await pool.start(new AbortController().signal);
    return Promise.all(pool.model('cost').hosts.map((host) => osThreads(host.pid)));
  }

  it('gives each replica its share of the cores, or the threads the project sets', async () => {
    const oneEach = await workerThreadCounts(2, {}); // 2 cores, 2 replicas → 1 thread each
    const fourEach = await workerThreadCounts(8, {}); // 8 cores, 2 replicas → 4 threads each
    const setByProject = await workerThreadCounts(8, { threads: 1 });
    // A pool of N intra-op threads runs N − 1 threads of its own beside the caller's.
    for (let i = 0; i < 2; i++) {
      expect((fourEach[i] ?? 0) - (oneEach[i] ?? 0)).toBe(3);
      expect(setByProject[i]).toBe(oneEach[i]);
    }
  });
});
