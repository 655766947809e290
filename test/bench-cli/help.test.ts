import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../runtimes/support.js';

/**
 * Bench scripts as a developer runs them (`npx tsx bench/x.ts`): --help and a bad option answer
 * before any bench work starts (thread-transport.ts would calibrate a model first thing, ab.ts
 * start two servers), in about a second. Child processes: not a unit test (vitest.config.ts).
 */
async function bench(script: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join('bench', script), ...args], {
      cwd: REPO_ROOT,
      timeout: 30_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('bench scripts: --help and bad options', () => {
  for (const [script, usage, option] of [
    ['ab.ts', 'Usage: npm run bench:ab -- --a DIR', '--event MODE'],
    ['thread-transport.ts', 'Usage: npx tsx bench/thread-transport.ts', '--calls N'],
    ['one-caller-http.ts', 'Usage: npx tsx --experimental-websocket bench/one-caller-http.ts', '--hold-off'],
  ] as const) {
    it(`${script} prints its usage and exits 0 on --help, and refuses a bad option with one line and exit 2`, async () => {
      const help = await bench(script, ['--help']);
      expect(help).toMatchObject({ code: 0, stderr: '' });
      expect(help.stdout.startsWith(usage)).toBe(true);
      expect(help.stdout).toContain(option);
      const bad = await bench(script, ['--bogus']);
      expect(bad).toMatchObject({ code: 2, stdout: '' });
      expect(bad.stderr).toMatch(/^bench[:/][\w.:-]+: Unknown option '--bogus' \(see --help\)\n$/);
    });
  }
});
