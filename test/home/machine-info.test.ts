/** The I/O side of the home screen's checks on this real machine: node:os, gpu/ detection, model sizes on disk. */
import { readdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../main/common/package-root.js';
import { MachineInfoSource } from '../../main/home/machine-info.js';
import { projectNeeds, sizeOnDisk } from '../../main/home/template-needs.js';
import { tempDir } from '../runtimes/support.js';

async function du(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? await du(full) : (await stat(full)).size;
  }
  return total;
}

describe('machine info and template needs (this machine)', () => {
  it('reads cores and memory from node:os and detects devices once, with the active provider check', async () => {
    let detections = 0;
    const source = new MachineInfoSource({
      detect: async (options) => {
        detections++;
        const { detectDevices } = await import('../../main/gpu/detect-devices.js');
        return detectDevices(options);
      },
    });
    const info = await source.info();
    expect(info.cpu.cores).toBe(os.cpus().length);
    expect(info.memory.totalBytes).toBe(os.totalmem());
    expect(info.providers.find((provider) => provider.name === 'cpu')?.usable).toBe(true);
    await source.info();
    expect(detections).toBe(1);
  });

  it('sizes a local model folder as its files on disk, and reports a Hub model missing from the cache as a download', async () => {
    const examples = path.join(packageRoot(), 'examples');
    const sentiment = await projectNeeds(path.join(examples, 'sentiment', 'project.json'), '/nonexistent-cache');
    expect(sentiment).toEqual([
      {
        name: 'sentiment',
        device: 'auto',
        replicas: 1,
        bytes: await du(path.join(packageRoot(), 'models', 'tiny', 'sentiment')),
        download: null,
      },
    ]);
    const summarize = await projectNeeds(path.join(examples, 'summarize', 'project.json'), '/nonexistent-cache');
    expect(summarize).toEqual([{ name: 't5', device: 'auto', replicas: 1, bytes: null, download: 'Xenova/t5-small' }]);
    const cache = await tempDir('needs-cache');
    try {
      const { cp } = await import('node:fs/promises');
      await cp(path.join(packageRoot(), 'models', 'tiny', 't5-summarizer'), path.join(cache.path, 'Xenova', 't5-small'), {
        recursive: true,
      });
      const cached = await projectNeeds(path.join(examples, 'summarize', 'project.json'), cache.path);
      expect(cached[0]).toMatchObject({ bytes: await du(path.join(cache.path, 'Xenova', 't5-small')), download: null });
    } finally {
      await cache.remove();
    }
    expect(await sizeOnDisk('/nonexistent')).toBeNull();
  });
});
