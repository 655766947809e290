import path from 'node:path';

/**
 * The project file the desktop app was asked to open, from its command line. Shapes it accepts:
 *
 *   electron dist/main/index.js open <project.json>   (development; what `demo-desktop open` runs)
 *   demo-desktop.exe open <project.json>              (packaged)
 *   demo-desktop.exe <project.json>                   (packaged; "open with", drag onto the icon)
 *
 * Chromium and Node switches (`--inspect`, `--no-sandbox`, ...) anywhere are ignored. Relative
 * paths resolve against `cwd`, which for a second instance is that instance's working directory.
 */
export type ShellArgs =
  | { readonly kind: 'open'; readonly projectFile: string }
  | { readonly kind: 'none' }
  | { readonly kind: 'error'; readonly message: string };

export interface ParseShellArgsOptions {
  /** app.isPackaged: the packaged app's argv has no script path after the executable. */
  readonly packaged: boolean;
  readonly cwd: string;
}

export function parseShellArgs(argv: readonly string[], options: ParseShellArgsOptions): ShellArgs {
  const args = argv.slice(options.packaged ? 1 : 2).filter((arg) => !arg.startsWith('-'));
  const [first, second, ...rest] = args;
  if (first === undefined) return { kind: 'none' };
  if (first === 'open') {
    if (second === undefined) return { kind: 'error', message: 'open needs a project file, e.g. open project.json' };
    if (rest.length > 0) return { kind: 'error', message: `open takes one project file; unexpected: ${rest.join(' ')}` };
    return { kind: 'open', projectFile: path.resolve(options.cwd, second) };
  }
  if (first.toLowerCase().endsWith('.json') && second === undefined) {
    return { kind: 'open', projectFile: path.resolve(options.cwd, first) };
  }
  return { kind: 'error', message: `unknown arguments: ${args.join(' ')} (expected: open <project.json>)` };
}
