import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../runtimes/support.js';

/**
 * How the repo keeps `npm install` from downloading onnxruntime-node's CUDA libraries without an
 * .npmrc key that npm 11 warns about on every `npm start`/`npm run` ("Unknown project config").
 */
describe('npm set-up', () => {
  it('npm run prints no "Unknown project config" warning', async () => {
    expect(existsSync(join(REPO_ROOT, '.npmrc'))).toBe(false);
    const { stdout, stderr } = await promisify(execFile)('npm', ['run'], { cwd: REPO_ROOT });
    expect(stdout).toContain('Lifecycle scripts included in demo-desktop');
    expect(stderr).not.toMatch(/Unknown (project|user|global) config/);
  });

  it("denies onnxruntime-node's install script (npm >= 11.16), and CI sets the variable the script reads (older npm)", async () => {
    const manifest = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { allowScripts?: unknown };
    expect(manifest.allowScripts).toEqual({ 'onnxruntime-node': false });
    const ci = await readFile(join(REPO_ROOT, '.ci', 'run'), 'utf8');
    expect(ci).toMatch(/^ONNXRUNTIME_NODE_INSTALL=skip npm ci$/m);
  });
});
