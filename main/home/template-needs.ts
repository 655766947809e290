import { readdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { checkProject } from '../../preload/shared/project/check.js';
import type { ModelSource } from '../../preload/shared/project/schema-models.js';
import type { ModelNeed } from './hardware-check.js';

/**
 * What a project's models need from the machine, read from disk: each model's device, replicas
 * and the size of its files (a local folder or file, a package that ships the model, or the
 * model cache's copy of a Hub model; a Hub model not in the cache yet is "unknown, downloads
 * first"). The input of hardware-check.ts.
 */

/** Bytes of a file, or of every file under a folder (links not followed); null when it is not there. */
export async function sizeOnDisk(target: string): Promise<number | null> {
  const info = await stat(target).catch(() => undefined);
  if (!info) return null;
  if (!info.isDirectory()) return info.size;
  const entries = await readdir(target, { recursive: true, withFileTypes: true });
  const sizes = await Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map((entry) =>
        stat(path.join(entry.parentPath, entry.name)).then(
          (file) => file.size,
          () => 0,
        ),
      ),
  );
  return sizes.reduce((sum, size) => sum + size, 0);
}

function packageDir(name: string): string | null {
  try {
    return path.dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));
  } catch {
    return null;
  }
}

async function sourceSize(source: ModelSource, projectDir: string, cacheDir: string): Promise<Pick<ModelNeed, 'bytes' | 'download'>> {
  if ('path' in source) return { bytes: await sizeOnDisk(path.resolve(projectDir, source.path)), download: null };
  if ('package' in source) {
    const dir = packageDir(source.package);
    return { bytes: dir === null ? null : await sizeOnDisk(dir), download: null };
  }
  const cached = await sizeOnDisk(path.join(cacheDir, source.hub));
  return cached === null ? { bytes: null, download: source.hub } : { bytes: cached, download: null };
}

/** The needs of the models of `file` (a project.json); a file that does not check has none it can say. */
export async function projectNeeds(file: string, cacheDir: string): Promise<ModelNeed[]> {
  const { project } = checkProject(JSON.parse(await readFile(file, 'utf8')) as unknown, file);
  if (!project) return [];
  const dir = path.dirname(file);
  return Promise.all(
    Object.entries(project.models).map(async ([name, model]) => ({
      name,
      device: model.device,
      replicas: model.replicas,
      ...(await sourceSize(model.source, dir, cacheDir)),
    })),
  );
}
