import { homedir } from 'node:os';
import path from 'node:path';

/**
 * The folder where demo-desktop keeps what outlives one run (the editor's recent projects):
 * `$DEMO_DESKTOP_DATA` when set (`--data-dir` sets it for one command), else the platform's place
 * for application data: `$XDG_DATA_HOME/demo-desktop` (default `~/.local/share/demo-desktop`) on
 * Linux, `~/Library/Application Support/demo-desktop` on macOS, `%APPDATA%\demo-desktop` on Windows.
 */
export function appDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  const paths = platform === 'win32' ? path.win32 : path.posix;
  if (env.DEMO_DESKTOP_DATA) return paths.resolve(env.DEMO_DESKTOP_DATA);
  if (platform === 'darwin') return paths.join(home, 'Library', 'Application Support', 'demo-desktop');
  if (platform === 'win32') return paths.join(env.APPDATA ?? paths.join(home, 'AppData', 'Roaming'), 'demo-desktop');
  const xdg = env.XDG_DATA_HOME;
  // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
  return paths.join(xdg && paths.isAbsolute(xdg) ? xdg : paths.join(home, '.local', 'share'), 'demo-desktop');
}
