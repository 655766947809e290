import { lstat, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isProcessAlive } from '../common/process-alive.js';

export { isProcessAlive };

/**
 * A served project's data folder (uploads, outputs, run folders) lives in the temp folder as
 * `demo-desktop-files-<pid>-<random>`: the name says which process owns it, atomically (there is
 * no moment where the folder exists unmarked). A server removes its folder when it closes; one
 * that was killed cannot, so the next server to start removes the folders of owners that are no
 * longer alive. A live server's folder is never touched, nor anything not named this way.
 */

const PREFIX = 'demo-desktop-files-';
const OWNED = /^demo-desktop-files-(\d+)-[A-Za-z0-9]{6}$/;

/** A new data folder owned by this process. */
export function createDataDir(parent: string = tmpdir()): Promise<string> {
  return mkdtemp(path.join(parent, `${PREFIX}${process.pid}-`));
}

/** The pid that owns a data folder's name, or null for any other name. */
export function dataDirOwner(name: string): number | null {
  const match = OWNED.exec(name);
  return match?.[1] ? Number(match[1]) : null;
}

/**
 * Removes the data folders in `parent` whose owning process is gone; resolves to their paths.
 * Entries it cannot judge (another name, a symlink, a file) or remove (another user's) are left.
 */
export async function removeStaleDataDirs(
  parent: string = tmpdir(),
  isAlive: (pid: number) => boolean = isProcessAlive,
): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const owner = dataDirOwner(name);
    if (owner === null || owner === process.pid || isAlive(owner)) continue;
    const folder = path.join(parent, name);
    try {
      if (!(await lstat(folder)).isDirectory()) continue;
      await rm(folder, { recursive: true, force: true });
      removed.push(folder);
    } catch {
      // Gone meanwhile, or not ours to remove.
    }
  }
  return removed;
}
