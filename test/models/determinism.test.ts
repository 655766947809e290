import { describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ALL_MODELS } from '../../models/generator/all-models.js';
import { writeModelFolder } from '../../models/generator/model-folder.js';
import { TINY_DIR } from './local-models.js';

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

describe('models/generate.ts output', () => {
  it('regenerates every committed model folder byte for byte', async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'tiny-models-'));
    try {
      for (const recipe of ALL_MODELS) {
        await writeModelFolder(join(tmp, recipe.name), recipe.build());
        const fresh = await listFiles(join(tmp, recipe.name));
        const committed = await listFiles(join(TINY_DIR, recipe.name));
        expect(committed, `${recipe.name}: file list (run npm run models)`).toEqual(fresh);
        for (const file of fresh) {
          const a = await readFile(join(tmp, recipe.name, file));
          const b = await readFile(join(TINY_DIR, recipe.name, file));
          expect(a.equals(b), `${recipe.name}/${file} differs from a fresh build (run npm run models)`).toBe(true);
        }
      }
      // No stray folders: everything under models/tiny comes from a recipe.
      const folders = (await readdir(TINY_DIR, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
      expect(folders.sort()).toEqual(ALL_MODELS.map((r) => r.name).sort());
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });

  it('is deterministic across builds in one process', () => {
    for (const recipe of ALL_MODELS) {
      const first = recipe.build();
      const second = recipe.build();
      expect([...second.keys()]).toEqual([...first.keys()]);
      for (const [path, bytes] of first) {
        expect(Buffer.from(bytes).equals(Buffer.from(second.get(path) ?? new Uint8Array())), `${recipe.name}/${path}`).toBe(true);
      }
    }
  });
});
