import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { packageRoot } from '../common/package-root.js';

/**
 * The Electron binary, when the optional `electron` dependency installed one. Requiring the
 * package returns the binary's path, or throws when the download failed or was skipped; both
 * mean "no desktop window here, use the browser".
 */
export function findElectron(): string | undefined {
  try {
    const binary = createRequire(import.meta.url)('electron') as unknown;
    return typeof binary === 'string' && existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

/** The built desktop entry point (dist/main/index.js), if the shell was built. */
export function desktopEntry(): string | undefined {
  const entry = join(packageRoot(), 'dist', 'main', 'index.js');
  return existsSync(entry) ? entry : undefined;
}

/** Runs the desktop app on a project; resolves with Electron's exit code. */
export function launchDesktop(electron: string, entry: string, args: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(electron, [entry, ...args], { stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
