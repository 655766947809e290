import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FROM_DIST_ENV, workerEntry } from '../../main/runtimes/worker-process.js';
import { REPO_ROOT } from './support.js';

/** Which file the engine forks for a worker when it runs from the sources (vitest, tsx). */
describe('workerEntry', () => {
  it('forks the .ts worker through tsx by default, so a run without a build tests the sources', () => {
    const entry = workerEntry({});
    expect(entry.file).toBe(join(REPO_ROOT, 'main', 'runtimes', 'worker-main.ts'));
    expect(entry.execArgv[0]).toBe('--import');
    expect(entry.execArgv[1]).toMatch(/tsx/);
  });

  it(`forks dist/'s worker without tsx only when ${FROM_DIST_ENV}=1 says dist/ was just built`, () => {
    const entry = workerEntry({ [FROM_DIST_ENV]: '1' });
    expect(entry).toEqual({ file: join(REPO_ROOT, 'dist', 'main', 'runtimes', 'worker-main.js'), execArgv: [] });
    expect(workerEntry({ [FROM_DIST_ENV]: '0' }).file).toMatch(/worker-main\.ts$/);
  });
});
