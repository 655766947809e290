import { describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MemoryBudget, type BudgetMember } from '../../main/runtimes/memory-budget.js';
import { estimateModelBytes } from '../../main/runtimes/model-size.js';
import { ModelReplicas, RuntimePool } from '../../main/runtimes/runtime-pool.js';
import { WorkerHost } from '../../main/runtimes/worker-host.js';
import { costModel, isAlive, tempDir } from './support.js';

const MB = 2 ** 20;

function member(name: string, charged: number, needed: number, lastUsed: number, busy = false): BudgetMember & { unloaded: boolean } {
  const m = {
    name,
    chargedBytes: charged * MB,
    neededBytes: needed * MB,
    lastUsed,
    busy,
    unloaded: false,
    unload: () => {
      m.unloaded = true;
      m.chargedBytes = 0;
      return Promise.resolve();
    },
  };
  return m;
}

describe('MemoryBudget', () => {
  it('admits what fits without touching anyone', async () => {
    const a = member('a', 100, 100, 1);
    const b = member('b', 0, 100, 2);
    await new MemoryBudget(300 * MB).admit(b, [a, b]);
    expect(a.unloaded).toBe(false);
  });

  it('unloads idle models, least recently used first, until the new one fits', async () => {
    const old = member('old', 100, 100, 1);
    const recent = member('recent', 100, 100, 5);
    const next = member('next', 0, 150, 9);
    await new MemoryBudget(300 * MB).admit(next, [old, recent, next]);
    expect([old.unloaded, recent.unloaded]).toEqual([true, false]);
  });

  it('never unloads a busy model, and says what holds the memory when it cannot fit', async () => {
    const busy = member('busy', 250, 250, 1, true);
    const next = member('next', 0, 100, 2);
    await expect(new MemoryBudget(300 * MB).admit(next, [busy, next])).rejects.toMatchObject({
      code: 'MODEL_LOAD_FAILED',
      message: expect.stringMatching(/"next" needs about 100 MB.*budget is 300 MB.*busy 250 MB \(busy\)/) as unknown,
    });
    expect(busy.unloaded).toBe(false);
  });
});

describe('the estimate before a first load', () => {
  it('is the process plus 1.5× the ONNX files of the model (a file, or a folder three levels deep)', async () => {
    const dir = await tempDir('model-size');
    try {
      const model = await costModel(dir.path, 'm', 8);
      const process = await estimateModelBytes({ ...model, localPath: join(dir.path, 'missing') });
      expect(process).toBe(120 * MB);
      const single = await estimateModelBytes(model);
      expect(single).toBeGreaterThan(process);
      const folder = join(dir.path, 'hub', 'onnx');
      await mkdir(folder, { recursive: true });
      await writeFile(join(folder, 'model.onnx'), Buffer.alloc(2 * MB));
      await writeFile(join(folder, 'model.onnx_data'), Buffer.alloc(4 * MB));
      await writeFile(join(folder, 'tokenizer.json'), Buffer.alloc(8 * MB));
      expect(await estimateModelBytes({ ...model, localPath: join(dir.path, 'hub') })).toBe(process + 9 * MB);
    } finally {
      await dir.remove();
    }
  });

  it('is read once, when a budget first asks, not when the pool is built', async () => {
    const dir = await tempDir('model-size');
    try {
      const model = await costModel(dir.path, 'm', 8);
      const hosts = [new WorkerHost({ spec: { kind: 'model', model } }), new WorkerHost({ spec: { kind: 'model', model } })];
      let reads = 0;
      const replicas = new ModelReplicas('m', hosts, { estimateBytes: () => Promise.resolve(++reads * 100 * MB) });
      expect([replicas.neededBytes, reads]).toEqual([0, 0]);
      expect(await replicas.needs()).toBe(200 * MB); // two replicas
      expect(await replicas.needs()).toBe(200 * MB);
      expect(reads).toBe(1);
      expect(hosts.map((host) => host.state.kind)).toEqual(['idle', 'idle']);
    } finally {
      await dir.remove();
    }
  });
});

describe('RuntimePool with a memory budget', () => {
  it('unloads the idle model to load another when both do not fit', async () => {
    const dir = await tempDir('pool-budget');
    const models = { a: await costModel(dir.path, 'a', 8), b: await costModel(dir.path, 'b', 8) };
    // The estimate of one model is ~120 MB, and a loaded worker holds more than 60 MB: two never fit.
    const pool = new RuntimePool({ models, memoryBudgetBytes: 180 * MB });
    const signal = new AbortController().signal;
    const row = Array.from({ length: 8 }, () => 1);
    try {
      await pool.model('a').infer(row, { signal });
      const pidA = pool.model('a').hosts[0]?.pid;
      expect(pool.model('a').chargedBytes).toBeGreaterThan(60 * MB);
      await pool.model('b').infer(row, { signal });
      expect(pool.model('a').unloaded).toBe(true);
      expect(isAlive(pidA)).toBe(false);
      await pool.model('a').infer(row, { signal });
      expect(pool.model('b').unloaded).toBe(true);
    } finally {
      await pool.dispose();
      await dir.remove();
    }
  });
});
