import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Set in the test runner's environment: the data folder of this run (inherited by its workers). */
const RUN_DATA_ENV = 'DEMO_DESKTOP_TEST_RUN_DATA';

/**
 * The app's data folder for one test run: a new temp folder, made once by the runner process (vitest's
 * or Playwright's, whose workers inherit it) and removed when that process exits. Every server, CLI
 * and desk a test starts without its own `--data-dir` keeps its history, recent projects and keys
 * there, never in the developer's own `~/.local/share/demo-desktop` (which `npm test` used to fill
 * with test runs). Sets `DEMO_DESKTOP_DATA` (main/common/app-data-dir.ts) and returns the folder.
 */
export function isolateRunData(env: NodeJS.ProcessEnv = process.env): string {
  const inherited = env[RUN_DATA_ENV];
  if (inherited) {
    env.DEMO_DESKTOP_DATA = inherited;
    return inherited;
  }
  const folder = mkdtempSync(path.join(tmpdir(), 'demo-desktop-test-data-'));
  env[RUN_DATA_ENV] = folder;
  env.DEMO_DESKTOP_DATA = folder;
  process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
  return folder;
}
