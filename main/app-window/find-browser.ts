import path from 'node:path';

/**
 * Finds an installed Chromium-family browser (Chromium, Chrome, Edge, Brave) for an app-mode window.
 * Pure: the file system and PATH come in as `which` and `exists`, so every platform's search is
 * unit-tested on any machine (system-lookup.ts has the real ones).
 */

export interface BrowserLookup {
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  /** The full path of an executable found on PATH, or undefined. */
  which(command: string): string | undefined;
  /** True when a file exists at this absolute path. */
  exists(file: string): boolean;
  /** The user's home folder (macOS: ~/Applications). */
  readonly home: string;
}

export interface FoundBrowser {
  /** The product, for messages: "Chromium", "Google Chrome", "Microsoft Edge", "Brave". */
  readonly name: string;
  readonly path: string;
  /** 'env': DEMO_DESKTOP_BROWSER named it; 'search': found in the platform's usual places. */
  readonly source: 'env' | 'search';
}

export interface BrowserSearch {
  readonly browser?: FoundBrowser;
  /** Where it looked, in order, for "No Chromium-family browser found (looked for ...)". */
  readonly lookedFor: readonly string[];
  /** Set when DEMO_DESKTOP_BROWSER names something that is not there (the search went on). */
  readonly envProblem?: string;
}

export const BROWSER_ENV = 'DEMO_DESKTOP_BROWSER';

const LINUX_COMMANDS: readonly (readonly [string, string])[] = [
  ['chromium', 'Chromium'],
  ['chromium-browser', 'Chromium'],
  ['google-chrome', 'Google Chrome'],
  ['google-chrome-stable', 'Google Chrome'],
  ['microsoft-edge', 'Microsoft Edge'],
  ['brave-browser', 'Brave'],
];

const MAC_BUNDLES: readonly (readonly [string, string])[] = [
  ['Google Chrome.app/Contents/MacOS/Google Chrome', 'Google Chrome'],
  ['Chromium.app/Contents/MacOS/Chromium', 'Chromium'],
  ['Microsoft Edge.app/Contents/MacOS/Microsoft Edge', 'Microsoft Edge'],
  ['Brave Browser.app/Contents/MacOS/Brave Browser', 'Brave'],
];

/** Relative to %ProgramFiles%, %ProgramFiles(x86)% and %LocalAppData% (per-user installs). */
const WINDOWS_INSTALLS: readonly (readonly [string, string])[] = [
  ['Google\\Chrome\\Application\\chrome.exe', 'Google Chrome'],
  ['Microsoft\\Edge\\Application\\msedge.exe', 'Microsoft Edge'],
  ['BraveSoftware\\Brave-Browser\\Application\\brave.exe', 'Brave'],
  ['Chromium\\Application\\chrome.exe', 'Chromium'],
];

/** The product name of a browser that DEMO_DESKTOP_BROWSER names, from its file name. */
export function browserName(file: string): string {
  const base = path.basename(file.replaceAll('\\', '/')).toLowerCase();
  if (base.includes('edge')) return 'Microsoft Edge';
  if (base.includes('brave')) return 'Brave';
  if (base.includes('chromium')) return 'Chromium';
  if (base.includes('chrome')) return 'Google Chrome';
  return path.basename(file.replaceAll('\\', '/'));
}

/** The candidates of one platform, in order of preference: [absolute path or PATH command, name]. */
function candidates(lookup: BrowserLookup): { commands: typeof LINUX_COMMANDS; files: (readonly [string, string])[] } {
  if (lookup.platform === 'darwin') {
    const roots = ['/Applications', path.posix.join(lookup.home, 'Applications')];
    return { commands: [], files: roots.flatMap((root) => MAC_BUNDLES.map(([rel, name]) => [path.posix.join(root, rel), name] as const)) };
  }
  if (lookup.platform === 'win32') {
    const roots = [lookup.env.PROGRAMFILES, lookup.env['PROGRAMFILES(X86)'], lookup.env.LOCALAPPDATA].filter(
      (root): root is string => typeof root === 'string' && root !== '',
    );
    const files = WINDOWS_INSTALLS.flatMap(([rel, name]) => roots.map((root) => [path.win32.join(root, rel), name] as const));
    return { commands: [], files };
  }
  return { commands: LINUX_COMMANDS, files: [] };
}

/** DEMO_DESKTOP_BROWSER: a path (checked to exist) or a command name (looked up on PATH). */
function fromEnv(value: string, lookup: BrowserLookup): FoundBrowser | undefined {
  const isPath = value.includes('/') || value.includes('\\');
  const resolved = isPath ? (lookup.exists(value) ? value : undefined) : lookup.which(value);
  return resolved ? { name: browserName(value), path: resolved, source: 'env' } : undefined;
}

export function findChromiumBrowser(lookup: BrowserLookup): BrowserSearch {
  const lookedFor: string[] = [];
  let envProblem: string | undefined;
  const named = lookup.env[BROWSER_ENV];
  if (named) {
    lookedFor.push(`${BROWSER_ENV}=${named}`);
    const browser = fromEnv(named, lookup);
    if (browser) return { browser, lookedFor };
    envProblem = `${BROWSER_ENV}=${named} was not found`;
  }
  const { commands, files } = candidates(lookup);
  for (const [command, name] of commands) {
    lookedFor.push(command);
    const found = lookup.which(command);
    if (found) return { browser: { name, path: found, source: 'search' }, lookedFor, ...(envProblem ? { envProblem } : {}) };
  }
  for (const [file, name] of files) {
    lookedFor.push(file);
    if (lookup.exists(file)) return { browser: { name, path: file, source: 'search' }, lookedFor, ...(envProblem ? { envProblem } : {}) };
  }
  return { lookedFor, ...(envProblem ? { envProblem } : {}) };
}

/** "chromium, chromium-browser, ... on PATH" or the list of files, for messages. */
export function describeLookedFor(search: BrowserSearch, platform: NodeJS.Platform): string {
  const list = search.lookedFor.join(', ');
  return platform === 'linux' || (platform !== 'darwin' && platform !== 'win32') ? `${list} on PATH` : list;
}
