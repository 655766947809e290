import type { Logger } from '../common/logger.js';
import { openBrowser as openDefaultBrowser } from '../cli/browser.js';
import type { ShownIn, WindowHost, WindowRequest } from '../desk/window-host.js';
import { AppWindowHost, type WindowExit } from './app-window-host.js';
import type { WindowSize } from './app-window-args.js';
import type { WindowChoice } from './window-choice.js';

/**
 * The WindowHost of a desk without Electron: an app-mode window when this machine has a
 * Chromium-family browser and a display (window-choice.ts), else the default browser, else the URL
 * printed; each show() falls further down that line when a step fails, and says which one the user
 * got and why through `onNotice` ("Opened in an app window of Chromium (/usr/bin/chromium).").
 * Only app windows report closing; a browser tab or a printed URL cannot.
 */

export interface PageWindowHostOptions {
  readonly choice: WindowChoice;
  /** Where app windows keep their profile folders: `<dataDir>/app-windows`. */
  readonly profilesDir: string;
  /** One line for the person at the terminal per shown page. */
  readonly onNotice: (line: string) => void;
  readonly size?: WindowSize;
  /** The browser's environment (DISPLAY, ...); default this process's. */
  readonly env?: NodeJS.ProcessEnv;
  readonly logger?: Logger;
  /** The default-browser opener (main/cli/browser.ts); injectable for tests. */
  readonly openBrowser?: (url: string) => Promise<{ opened: true } | { opened: false; reason: string }>;
}

export interface PageWindowHost extends WindowHost {
  /** The app-window host behind it, when this machine has one. */
  readonly appWindows?: AppWindowHost;
  /** Every exit of an app window's browser process (see AppWindowHost.onExit); never for other kinds. */
  onExit(listener: (exit: WindowExit) => void): () => void;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function createPageWindowHost(options: PageWindowHostOptions): PageWindowHost {
  const { choice, onNotice } = options;
  const openBrowser = options.openBrowser ?? openDefaultBrowser;
  const appWindows =
    choice.kind === 'app-window'
      ? new AppWindowHost({
          browser: choice.browser,
          profilesDir: options.profilesDir,
          ...(options.size ? { size: options.size } : {}),
          ...(options.env ? { env: options.env } : {}),
          ...(options.logger ? { logger: options.logger } : {}),
        })
      : undefined;

  async function inBrowser(request: WindowRequest, why: string): Promise<ShownIn> {
    const result = await openBrowser(request.url);
    if (result.opened) {
      onNotice(`${capitalized(why)}: opened in your default browser.`);
      return 'browser';
    }
    onNotice(`${capitalized(why)}, and the default browser did not open (${result.reason}): open ${request.url} in a browser.`);
    return 'printed';
  }

  async function show(request: WindowRequest, signal?: AbortSignal): Promise<ShownIn> {
    if (choice.kind === 'printed') {
      onNotice(`${capitalized(choice.reason)}: open ${request.url} in a browser.`);
      return 'printed';
    }
    if (choice.kind === 'browser' || !appWindows) return inBrowser(request, choice.kind === 'browser' ? choice.reason : 'no app window');
    try {
      await appWindows.show(request, signal);
    } catch (error) {
      if (signal?.aborted) throw error;
      return inBrowser(request, (error as Error).message.replace(/\.$/, ''));
    }
    const { browser } = choice;
    onNotice(`Opened in an app window of ${browser.name} (${browser.path})${choice.note ? ` (${choice.note})` : ''}.`);
    return 'app-window';
  }

  return {
    kind: choice.kind,
    ...(appWindows ? { appWindows } : {}),
    show,
    onClosed: (listener) => appWindows?.onClosed(listener) ?? (() => undefined),
    onExit: (listener) => appWindows?.onExit(listener) ?? (() => undefined),
    close: async () => appWindows?.close(),
  };
}
