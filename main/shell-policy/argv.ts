import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * What the desktop app was asked to show, from its command line or a deep link. Shapes it accepts:
 *
 *   electron dist/main/index.js open <project.json>   (development; what `demo-desktop open` runs)
 *   demo-desktop.exe open <project.json>              (packaged)
 *   demo-desktop.exe <project.json>                   (packaged; file association, "open with", drop on the icon)
 *   demo-desktop <file:///…/project.json>             (Linux desktop entries that pass URLs, %u)
 *   demo-desktop demo-desktop://open?path=<encoded>   (Windows and Linux hand deep links over as argv)
 *   demo-desktop                                      (nothing: the home screen)
 *
 * Chromium and Node switches (`--inspect`, `--no-sandbox`, ...) anywhere are ignored. Relative
 * paths resolve against `cwd`, which for a second instance is that instance's working directory.
 */
export type ShellArgs =
  | { readonly kind: 'open'; readonly projectFile: string }
  | { readonly kind: 'home' }
  | { readonly kind: 'error'; readonly message: string };

export interface ParseShellArgsOptions {
  /** app.isPackaged: the packaged app's argv has no script path after the executable. */
  readonly packaged: boolean;
  readonly cwd: string;
  /** Whose path rules apply (drive letters and backslashes on win32); default this machine's. */
  readonly platform?: NodeJS.Platform;
}

/** The URL scheme the app registers (setAsDefaultProtocolClient) and electron-builder declares. */
export const DEEP_LINK_SCHEME = 'demo-desktop';

const USAGE = 'expected: open <project.json>, a project file, or demo-desktop://open?path=<project.json>';

export function parseShellArgs(argv: readonly string[], options: ParseShellArgsOptions): ShellArgs {
  const args = argv.slice(options.packaged ? 1 : 2).filter((arg) => !arg.startsWith('-'));
  const [first, second, ...rest] = args;
  if (first === undefined) return { kind: 'home' };
  if (first === 'open') {
    if (second === undefined) return { kind: 'error', message: 'open needs a project file, e.g. open project.json' };
    if (rest.length > 0) return { kind: 'error', message: `open takes one project file; unexpected: ${rest.join(' ')}` };
    return projectFileArg(second, options);
  }
  if (second !== undefined) return { kind: 'error', message: `unknown arguments: ${args.join(' ')} (${USAGE})` };
  if (first.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`)) return parseDeepLink(first, options.platform);
  if (first.toLowerCase().startsWith('file:') || first.toLowerCase().endsWith('.json')) return projectFileArg(first, options);
  return { kind: 'error', message: `unknown arguments: ${args.join(' ')} (${USAGE})` };
}

/**
 * A project file named on the command line, or handed over by the OS (macOS open-file): a path
 * (relative to cwd) or a file: URL.
 */
export function projectFileArg(arg: string, options: ParseShellArgsOptions): ShellArgs {
  const paths = pathsFor(options.platform);
  // A URL of another scheme (https:, smb:) is not a file here; `C:\…` is a drive, not a scheme.
  if (/^[a-z][a-z0-9+.-]+:/i.test(arg) && !arg.toLowerCase().startsWith('file:')) {
    return { kind: 'error', message: `${arg} is not a project file on this machine (${USAGE})` };
  }
  if (arg.toLowerCase().startsWith('file:')) {
    try {
      return checkedProjectFile(fileURLToPath(arg, { windows: (options.platform ?? process.platform) === 'win32' }), paths);
    } catch {
      return { kind: 'error', message: `${arg} is not a file URL of this machine (expected file:///…/project.json)` };
    }
  }
  return checkedProjectFile(paths.resolve(options.cwd, arg), paths);
}

function checkedProjectFile(file: string, paths: path.PlatformPath): ShellArgs {
  if (file.includes('\0')) return { kind: 'error', message: 'a project path may not contain a NUL character' };
  if (!file.toLowerCase().endsWith('.json')) {
    return { kind: 'error', message: `${file} is not a project file; open a project.json (or a .demo.json)` };
  }
  return { kind: 'open', projectFile: paths.normalize(file) };
}

/**
 * `demo-desktop://open?path=<percent-encoded absolute path>` (also `demo-desktop:open?…`, which
 * some launchers produce). Any web page can start a deep link, so it is stricter than argv: the
 * path must be absolute (a page has no working directory to be relative to), must name a
 * `project.json` or a `*.demo.json`, and may not be a network path (\\host\share, which Windows
 * would reach over SMB and hand the user's credentials to). `demo-desktop://home` shows the home
 * screen. The project is then loaded with every check a project gets.
 */
export function parseDeepLink(link: string, platform: NodeJS.Platform = process.platform): ShellArgs {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return { kind: 'error', message: `${link} is not a valid ${DEEP_LINK_SCHEME}:// link` };
  }
  if (url.protocol !== `${DEEP_LINK_SCHEME}:`) return { kind: 'error', message: `${link} is not a ${DEEP_LINK_SCHEME}:// link` };
  const action = (url.host || url.pathname).replace(/^\/+|\/+$/g, '').toLowerCase();
  if (action === 'home') return { kind: 'home' };
  if (action !== 'open') {
    return {
      kind: 'error',
      message: `${DEEP_LINK_SCHEME}://${action} is not a known link; use ${DEEP_LINK_SCHEME}://open?path=<project.json>`,
    };
  }
  const file = url.searchParams.get('path');
  if (!file) return { kind: 'error', message: `${DEEP_LINK_SCHEME}://open needs ?path=<absolute path of a project.json>` };
  const paths = pathsFor(platform);
  if (!paths.isAbsolute(file)) return { kind: 'error', message: `the link's path must be absolute; got ${file}` };
  if (/^[\\/]{2}/.test(file)) return { kind: 'error', message: `the link's path may not be a network path; got ${file}` };
  const name = paths.basename(file).toLowerCase();
  if (name !== 'project.json' && !name.endsWith('.demo.json')) {
    return { kind: 'error', message: `a link may open only a project.json or a .demo.json file; got ${file}` };
  }
  return checkedProjectFile(file, paths);
}

function pathsFor(platform: NodeJS.Platform = process.platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}
