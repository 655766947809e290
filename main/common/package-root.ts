import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The installed package's root folder, found by walking up from this module to the package.json
 * named demo-desktop. Works from source (main/common, run by tsx) and from the build (dist/main/common).
 */
export function packageRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string };
      if (name === 'demo-desktop') return dir;
    }
    if (dirname(dir) === dir) throw new Error(`demo-desktop's package.json was not found above ${from}.`);
  }
}

/**
 * True for the code root of a packaged Electron app: `<resources>/app.asar` (or `<resources>/app`
 * when built without asar), where `<resources>` is `resources/` on Windows and Linux and
 * `Contents/Resources/` on macOS.
 */
export function isPackagedAppRoot(root: string): boolean {
  return ['app.asar', 'app'].includes(basename(root)) && basename(dirname(root)).toLowerCase() === 'resources';
}

/**
 * A folder that ships with the app beside its code (`examples`, `models`). From a checkout or the
 * npm package it is under packageRoot(). The packaged app (electron-builder.yml) keeps these folders
 * out of app.asar as extraResources, next to it in `<resources>/`: worker processes import the
 * examples' JavaScript and onnxruntime opens the models by path, which works only on real files.
 * The relative layout (examples/x/../../models/tiny) is the same in both places.
 */
export function bundledPath(name: string, root: string = packageRoot()): string {
  return join(isPackagedAppRoot(root) ? dirname(root) : root, name);
}

export function packageVersion(): string {
  const { version } = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  return version;
}
