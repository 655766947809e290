/** A job's run folder: gone after the job whether or not it was made; nothing outside the run root is touched. */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileStore } from '../../main/server/gradio/file-store.js';
import { tempDir } from '../runtimes/support.js';

let root: { path: string; remove: () => Promise<void> };
let store: FileStore;
beforeEach(async () => {
  root = await tempDir('run-dirs');
  store = await FileStore.create({
    uploadDir: join(root.path, 'uploads'),
    outputDir: join(root.path, 'outputs'),
    runDir: join(root.path, 'runs'),
    incomingDir: join(root.path, 'incoming'),
  });
});
afterEach(async () => root.remove());

describe('run folders', () => {
  it('removes a folder the run made, with what it wrote', async () => {
    const dir = store.runDirFor();
    await mkdir(join(dir, 'nested'), { recursive: true });
    await writeFile(join(dir, 'nested', 'out.txt'), 'x');
    await store.removeRunDir(dir);
    expect(existsSync(dir)).toBe(false);
  });

  it('is done at once for a folder the run never made (most runs write no file)', async () => {
    const dir = store.runDirFor();
    await expect(store.removeRunDir(dir)).resolves.toBeUndefined();
    expect(existsSync(dir)).toBe(false);
  });

  it('never removes anything outside the run root', async () => {
    const outside = join(root.path, 'outputs', 'keep');
    await mkdir(outside, { recursive: true });
    await store.removeRunDir(outside);
    await store.removeRunDir(join(root.path, 'runs'));
    expect(existsSync(outside)).toBe(true);
    expect(existsSync(join(root.path, 'runs'))).toBe(true);
  });
});
