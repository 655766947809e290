import { openBrowser } from '../cli/browser.js';
import type { ShownIn, WindowHost, WindowRequest } from './window-host.js';

/**
 * The simplest WindowHost: each page opens in the default browser, or, with no display (SSH, CI)
 * or `--no-browser`, its URL is printed for the user to open. A browser tab cannot be focused and
 * does not report that it closed, so a second show() opens (or prints) the page again and
 * onClosed never fires: projects served for such windows stop when the desk stops.
 */

export interface BrowserWindowHostOptions {
  /** Never start a browser; print every URL. */
  readonly printOnly?: boolean;
  /** Where URLs and notes go (the CLI's stdout): `Home screen: <url>`. */
  readonly print: (line: string) => void;
  /** Opens a URL; default the system browser (cli/browser.ts). */
  readonly open?: typeof openBrowser;
}

const LABEL: Record<WindowRequest['kind'], string> = { home: 'Home screen', editor: 'Editor', project: 'Project' };

export class BrowserWindowHost implements WindowHost {
  private browserWorks: boolean;

  constructor(private readonly options: BrowserWindowHostOptions) {
    this.browserWorks = options.printOnly !== true;
  }

  get kind(): ShownIn {
    return this.browserWorks ? 'browser' : 'printed';
  }

  async show(request: WindowRequest): Promise<ShownIn> {
    if (this.browserWorks) {
      const opened = await (this.options.open ?? openBrowser)(request.url);
      if (opened.opened) return 'browser';
      // The reason holds for every later page too (no display): print from now on.
      this.browserWorks = false;
      this.options.print(`Could not open a browser (${opened.reason}): open the links below yourself.`);
    }
    this.options.print(`${LABEL[request.kind]}: ${request.url}${request.kind === 'project' ? ` (${request.title})` : ''}`);
    return 'printed';
  }

  onClosed(): () => void {
    return () => undefined;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
