import type { ServerResponse } from 'node:http';
import { editorPageCsp, sendBuiltPage, type LoginHelp } from '../editor/editor-page.js';

/**
 * The home screen's page: `home.html` of the built renderer, served only by the desk's server and
 * only with a session (the same one the editor page uses). Its CSP is the editor's without any
 * frame source: the home page frames nothing and nothing frames it.
 */

/** The home page in the built renderer; demo servers never serve it (start-server.ts hides it). */
export const HOME_HTML = 'home.html';

export const HOME_LOGIN_HELP: LoginHelp = {
  title: 'demo-desktop: sign-in needed',
  heading: 'Open the home screen from your terminal',
  howHtml: `Open the URL that <code>demo-desktop</code> printed (<code>http://127.0.0.1:PORT/home?token=...</code>), or run
<code>demo-desktop</code> again: it shows the running app's home screen with a fresh link. Each link works once and for 5 minutes.`,
};

/** The 403 sentence of home and desk requests that are not local and same-origin. */
export const HOME_REFUSED = 'The home screen is only available in its own page on the computer running demo-desktop.';

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>demo-desktop</title></head>
<body><h1>The home page is not built</h1>
<p>The app's API is running. Build the renderer (<code>npm run build</code>) and start <code>demo-desktop</code> again.</p>
</body></html>
`;

export function sendHomePage(res: ServerResponse, rendererDir: string | undefined): Promise<void> {
  return sendBuiltPage(res, rendererDir, HOME_HTML, editorPageCsp(null), NOT_BUILT);
}
