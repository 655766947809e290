import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkerHost } from '../../main/runtimes/worker-host.js';
import { tempDir, writeModule } from './support.js';

/**
 * Typed arrays through the worker channel (issue 17): large ones cross intact both ways, and a
 * worker that dies while a large message is still on its way fails the jobs it had, as a crash.
 */

const MODULE = `
export function sum([floats]) {
  let total = 0;
  for (let i = 0; i < floats.length; i++) total += floats[i];
  return { kind: floats.constructor.name, length: floats.length, total, back: floats };
}
export function die() { process.exit(7); }
`;

describe('large typed arrays through a worker', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let host: WorkerHost;
  beforeAll(async () => {
    dir = await tempDir('large-transfer');
    const modulePath = await writeModule(dir.path, 'floats.mjs', MODULE);
    host = new WorkerHost({ spec: { kind: 'js', name: 'floats.mjs', modulePath, models: [] }, restartPolicy: { initialDelayMs: 10 } });
  });
  afterAll(async () => {
    await host.dispose();
    await dir.remove();
  });

  it('a 64 MiB Float32Array crosses intact both ways', async () => {
    const floats = new Float32Array(16 * 1024 * 1024).map((_, i) => (i % 1000) / 8);
    const expected = floats.reduce((total, value) => total + value, 0);
    const signal = new AbortController().signal;
    const out = (await host.infer({ export: 'sum', inputs: [floats] }, { signal })) as {
      kind: string;
      length: number;
      total: number;
      back: Float32Array;
    };
    expect(out).toMatchObject({ kind: 'Float32Array', length: floats.length, total: expected });
    expect(out.back).toBeInstanceOf(Float32Array);
    expect(Buffer.from(out.back.buffer).equals(Buffer.from(floats.buffer))).toBe(true);
  }, 120_000);

  it('a worker that exits while a large message is on its way fails its jobs as a crash, then serves again', async () => {
    const signal = new AbortController().signal;
    const floats = new Float32Array(32 * 1024 * 1024);
    const dying = host.infer({ export: 'die', inputs: [] }, { signal });
    const inFlight = host.infer({ export: 'sum', inputs: [floats] }, { signal });
    await expect(dying).rejects.toMatchObject({ code: 'WORKER_CRASHED', message: expect.stringContaining('exit code 7') as unknown });
    await expect(inFlight).rejects.toMatchObject({ code: 'WORKER_CRASHED' });
    const small = (await host.infer({ export: 'sum', inputs: [Float32Array.of(1, 2)] }, { signal })) as { total: number };
    expect(small.total).toBe(3);
  }, 120_000);
});
