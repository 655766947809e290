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

  it("denies onnxruntime-node's and electron's download scripts (npm >= 11.16), allows better-sqlite3's build, and CI sets the variables they read (older npm)", async () => {
    const manifest = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { allowScripts?: unknown };
    // ssh2's optional native crypto and cpu-features would compile with node-gyp for nothing: ssh2 runs on pure JS.
    // better-sqlite3 is the one native build we want: its binary cannot be downloaded, so npm compiles it.
    expect(manifest.allowScripts).toEqual({
      'onnxruntime-node': false,
      electron: false,
      ssh2: false,
      'cpu-features': false,
      'better-sqlite3': true,
    });
    const ci = await readFile(join(REPO_ROOT, '.ci', 'run'), 'utf8');
    expect(ci).toMatch(/^ONNXRUNTIME_NODE_INSTALL=skip ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci$/m);
  });

  it("installs electron's package even without its binary, so its types are there for the shell's type-check", () => {
    expect(existsSync(join(REPO_ROOT, 'node_modules', 'electron', 'electron.d.ts'))).toBe(true);
  });
});
