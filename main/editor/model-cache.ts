import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CachedModel } from '../../preload/shared/editor/editor-api.js';

/**
 * The Hugging Face models in the local cache (`{cacheDir}/{org}/{repo}/...`, hub-files.ts), for the
 * editor's model panel: each repo id with its file count and bytes on disk. A folder that holds
 * files itself is a repo (an id without an org, such as "gpt2"); one that holds only folders is
 * an org whose folders are repos.
 */

async function entries(dir: string): Promise<Dirent[]> {
  return readdir(dir, { withFileTypes: true }).catch(() => []);
}

async function usage(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (const entry of await entries(dir)) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const inner = await usage(full);
      files += inner.files;
      bytes += inner.bytes;
    } else if (entry.isFile()) {
      files++;
      bytes += await stat(full).then(
        (info) => info.size,
        () => 0,
      );
    }
  }
  return { files, bytes };
}

async function model(id: string, dir: string): Promise<CachedModel> {
  return { id, ...(await usage(dir)) };
}

export async function listCachedModels(cacheDir: string): Promise<CachedModel[]> {
  const models: CachedModel[] = [];
  for (const top of await entries(cacheDir)) {
    if (!top.isDirectory()) continue;
    const dir = path.join(cacheDir, top.name);
    const inside = await entries(dir);
    if (inside.some((entry) => entry.isFile())) {
      models.push(await model(top.name, dir));
      continue;
    }
    for (const repo of inside) if (repo.isDirectory()) models.push(await model(`${top.name}/${repo.name}`, path.join(dir, repo.name)));
  }
  return models.sort((a, b) => a.id.localeCompare(b.id));
}
