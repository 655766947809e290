import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claimProfile, profileName } from '../../main/app-window/profile-lock.js';
import { tempDir } from '../runtimes/support.js';

describe('claimProfile', () => {
  it('one folder per key; a folder held by a live browser sends the next claim to <hash>-2; released folders are reused', async () => {
    const root = await tempDir('profiles');
    try {
      const name = profileName('/p/greet/project.json');
      expect(name).toMatch(/^[0-9a-f]{16}$/);
      expect(profileName('/p/other/project.json')).not.toBe(name);
      const first = await claimProfile(root.path, '/p/greet/project.json');
      expect(first.dir).toBe(join(root.path, name));
      await first.recordBrowser(process.ppid);
      const lock = JSON.parse(await readFile(join(first.dir, 'demo-desktop-window.json'), 'utf8')) as unknown;
      expect(lock).toEqual({ pid: process.pid, browserPid: process.ppid });
      const second = await claimProfile(root.path, '/p/greet/project.json');
      expect(second.dir).toBe(join(root.path, `${name}-2`));
      await first.release();
      expect(existsSync(join(first.dir, 'demo-desktop-window.json'))).toBe(false);
      const third = await claimProfile(root.path, '/p/greet/project.json');
      expect(third.dir).toBe(first.dir);
    } finally {
      await root.remove();
    }
  });

  it('takes over a lock whose browser is gone (a launcher that was killed), and one that is not JSON', async () => {
    const root = await tempDir('profiles-stale');
    try {
      const first = await claimProfile(root.path, 'home');
      const lockFile = join(first.dir, 'demo-desktop-window.json');
      await writeFile(lockFile, JSON.stringify({ pid: 4_000_000, browserPid: 4_000_001 }));
      const onlyUsAlive = (pid: number): boolean => pid === process.pid;
      expect((await claimProfile(root.path, 'home', onlyUsAlive)).dir).toBe(first.dir);
      await writeFile(lockFile, '');
      expect((await claimProfile(root.path, 'home')).dir).toBe(first.dir);
      expect(JSON.parse(await readFile(lockFile, 'utf8'))).toEqual({ pid: process.pid });
    } finally {
      await root.remove();
    }
  });
});
