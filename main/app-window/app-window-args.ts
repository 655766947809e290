/**
 * The command line of an app-mode window: `--app=URL` draws the page without tab strip or
 * omnibox, `--user-data-dir` gives the window a browser process of its own (profile-lock.ts).
 */

export interface WindowSize {
  readonly width: number;
  readonly height: number;
}

export const DEFAULT_WINDOW_SIZE: WindowSize = { width: 1200, height: 800 };

export interface AppWindowArgs {
  readonly url: string;
  readonly profileDir: string;
  readonly size?: WindowSize;
  /** Chromium refuses to start as root with its sandbox on (sandboxNeeded). */
  readonly noSandbox?: boolean;
}

export function appWindowArgs(options: AppWindowArgs): string[] {
  const size = options.size ?? DEFAULT_WINDOW_SIZE;
  return [
    `--app=${options.url}`,
    `--user-data-dir=${options.profileDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    `--window-size=${size.width},${size.height}`,
    ...(options.noSandbox ? ['--no-sandbox'] : []),
  ];
}

/**
 * Chromium's sandbox cannot run as root on Linux ("Running as root without --no-sandbox is not
 * supported"), as in containers and CI; only then is it turned off. A normal user keeps it.
 */
export function sandboxUnsupported(platform: NodeJS.Platform = process.platform, uid: number | undefined = process.getuid?.()): boolean {
  return platform === 'linux' && uid === 0;
}
