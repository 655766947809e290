import { accessSync, constants, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import type { BrowserLookup } from './find-browser.js';

/** The real file system and PATH behind findChromiumBrowser's `which` and `exists`. */

function isExecutableFile(file: string, platform: NodeJS.Platform): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    // Windows has no execute bit: a file with a PATHEXT extension is runnable.
    if (platform !== 'win32') accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `which`: the first executable named `command` in the PATH's folders (with PATHEXT on Windows). */
export function whichIn(command: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string | undefined {
  const paths = platform === 'win32' ? path.win32 : path.posix;
  const pathValue = env.PATH ?? env.Path ?? '';
  const extensions = platform === 'win32' ? ['', ...(env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';').filter(Boolean)] : [''];
  for (const folder of pathValue.split(platform === 'win32' ? ';' : ':')) {
    if (!folder) continue;
    for (const extension of extensions) {
      const file = paths.join(folder, command + extension);
      if (isExecutableFile(file, platform)) return file;
    }
  }
  return undefined;
}

export function systemLookup(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): BrowserLookup {
  return {
    platform,
    env,
    home: homedir(),
    which: (command) => whichIn(command, env, platform),
    exists: (file) => isExecutableFile(file, platform),
  };
}
