import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appDataDir } from '../../main/common/app-data-dir.js';
import { isolateRunData } from './run-data-dir.js';

describe('isolateRunData', () => {
  it('gives a run its own data folder, which the app then uses, and hands the same one to the workers', async () => {
    const runner: NodeJS.ProcessEnv = { DEMO_DESKTOP_DATA: '/home/someone/.local/share/demo-desktop' };
    const folder = isolateRunData(runner);
    try {
      expect(path.dirname(folder)).toBe(tmpdir());
      expect(existsSync(folder)).toBe(true);
      expect(appDataDir(runner, 'linux', '/home/someone')).toBe(folder);
      // A worker starts with the runner's environment and, re-reading the config, gets the same folder.
      const worker: NodeJS.ProcessEnv = { ...runner, DEMO_DESKTOP_DATA: undefined };
      expect(isolateRunData(worker)).toBe(folder);
      expect(appDataDir(worker, 'linux', '/home/someone')).toBe(folder);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('is what this run uses: the tests never write to the developer’s own data folder', () => {
    expect(process.env.DEMO_DESKTOP_DATA).toMatch(/demo-desktop-test-data-/);
    expect(appDataDir()).toBe(process.env.DEMO_DESKTOP_DATA);
  });
});
