import { describeLookedFor, type BrowserSearch, type FoundBrowser } from './find-browser.js';

/**
 * Which window a page gets on this machine without Electron: an app-mode window of a
 * Chromium-family browser, else the default browser, else a printed URL; with the reason, so the
 * CLI can say which one and why. Pure: the search result and what the machine has come in.
 */

export type WindowChoice =
  | { readonly kind: 'app-window'; readonly browser: FoundBrowser; readonly note?: string }
  | { readonly kind: 'browser'; readonly reason: string }
  | { readonly kind: 'printed'; readonly reason: string };

export interface ChoiceInputs {
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  readonly search: BrowserSearch;
  /** True when the default browser can be opened (Linux: xdg-open is installed). */
  readonly hasOpener: boolean;
}

/** Linux and the BSDs draw windows only with an X11 or Wayland display; macOS and Windows always can. */
export function displayProblem(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string | undefined {
  if (platform === 'darwin' || platform === 'win32') return undefined;
  return env.DISPLAY || env.WAYLAND_DISPLAY ? undefined : 'no display (DISPLAY and WAYLAND_DISPLAY are unset)';
}

export function chooseWindow(inputs: ChoiceInputs): WindowChoice {
  const noDisplay = displayProblem(inputs.platform, inputs.env);
  if (noDisplay) return { kind: 'printed', reason: noDisplay };
  const { browser, envProblem } = inputs.search;
  if (browser) return { kind: 'app-window', browser, ...(envProblem ? { note: envProblem } : {}) };
  const missing = `no Chromium-family browser found (looked for ${describeLookedFor(inputs.search, inputs.platform)})`;
  if (inputs.hasOpener) return { kind: 'browser', reason: missing };
  return { kind: 'printed', reason: `${missing}, and no xdg-open to open the default browser` };
}

/** One line for --help: the window this machine gives a page. */
export function describeChoice(choice: WindowChoice): string {
  if (choice.kind === 'app-window') {
    return `an app window of ${choice.browser.name} (${choice.browser.path})${choice.note ? `; ${choice.note}` : ''}`;
  }
  if (choice.kind === 'browser') return `your default browser: ${choice.reason}`;
  return `none, the URL is printed: ${choice.reason}`;
}
