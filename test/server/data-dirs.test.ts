/** Data folders of killed servers are removed on the next start; live ones and anything else stay. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDataDir, dataDirOwner, isProcessAlive, removeStaleDataDirs } from '../../main/server/data-dirs.js';
import { tempDir } from '../runtimes/support.js';

let parent: { path: string; remove: () => Promise<void> };
beforeEach(async () => (parent = await tempDir('data-dirs')));
afterEach(async () => parent.remove());

/** The pid of a process that has exited (and so is not alive, unless the pid was reused since). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  const pid = child.pid ?? 0;
  await new Promise((resolve) => child.once('exit', resolve));
  return pid;
}

describe('data folders', () => {
  it('are named after the process that owns them', async () => {
    const dir = await createDataDir(parent.path);
    expect(dataDirOwner(basename(dir))).toBe(process.pid);
    expect(dataDirOwner('demo-desktop-files-Ab12Cd')).toBeNull();
    expect(dataDirOwner('demo-desktop-files-12-Ab12Cd-x')).toBeNull();
  });

  it("removes the folder of a dead owner and keeps a live owner's, unmarked folders and look-alikes", async () => {
    const dead = await deadPid();
    expect(isProcessAlive(dead)).toBe(false);
    const stale = join(parent.path, `demo-desktop-files-${dead}-aB3xYz`);
    await mkdir(join(stale, 'uploads', 'abc'), { recursive: true });
    await writeFile(join(stale, 'uploads', 'abc', 'big.bin'), 'old upload');
    const mine = await createDataDir(parent.path);
    // A live process that is not this one: the test runner's parent.
    const live = join(parent.path, `demo-desktop-files-${process.ppid}-qWe9Rt`);
    await mkdir(live);
    // Folders of servers from before the marking (no pid), and a symlink named like a stale folder.
    const unmarked = join(parent.path, 'demo-desktop-files-Zx81Qa');
    await mkdir(unmarked);
    const target = join(parent.path, 'precious');
    await mkdir(target);
    await symlink(target, join(parent.path, `demo-desktop-files-${dead}-LinkEd`));

    expect(await removeStaleDataDirs(parent.path)).toEqual([stale]);
    expect(existsSync(stale)).toBe(false);
    const kept = [mine, live, unmarked, target, join(parent.path, `demo-desktop-files-${dead}-LinkEd`)].map((p) => basename(p));
    expect(new Set(await readdir(parent.path))).toEqual(new Set(kept));
  });

  it('never asks about pids that address process groups', () => {
    expect(isProcessAlive(0)).toBe(true);
    expect(isProcessAlive(-1)).toBe(true);
  });
});
