import type { RequestContext } from '../router.js';
import type { EditorAuth } from './editor-auth.js';
import { assertEditorRequest } from './editor-guard.js';
import { sendLoginPage, type LoginHelp } from './editor-page.js';

/**
 * A page behind the one-time sign-in (the editor's, the home screen's): `GET <path>?token=...`
 * trades the token for the session cookie and redirects to `<path>` without it (so no token stays
 * in the address bar or the history); `GET <path>` with a session sends the page; without one, a
 * 401 page that says where a link comes from. Pages on one server share one EditorAuth, so one
 * sign-in serves all of them.
 */

export interface SignedInPage {
  readonly auth: EditorAuth;
  /** What the page is called in the sign-in page ("editor", "home screen"). */
  readonly name: string;
  /** The page's path, e.g. `/editor`. */
  readonly path: string;
  readonly help: LoginHelp;
  /** The 403 sentence for requests that are not local and same-origin (editor-guard.ts). */
  readonly refused?: string;
  send(rc: RequestContext): Promise<void>;
}

export function redirectTo(rc: RequestContext, location: string, headers: Record<string, string> = {}): void {
  rc.res.writeHead(303, { ...headers, Location: location, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
  rc.res.end();
}

export async function serveSignedInPage(rc: RequestContext, page: SignedInPage): Promise<void> {
  const { auth } = page;
  assertEditorRequest(rc.req, auth.isAppWindow(rc.req), page.refused);
  const token = rc.query.get('token');
  if (token !== null) {
    const secret = auth.exchange(token);
    // A spent or stale link in a browser that already has a session just opens the page.
    if (secret !== null) redirectTo(rc, page.path, { 'Set-Cookie': auth.cookie(secret) });
    else if (auth.isAuthorized(rc.req)) redirectTo(rc, page.path);
    else sendLoginPage(rc.res, 'This link was already used or has expired.', page.help);
    return;
  }
  if (!auth.isAuthorized(rc.req)) {
    sendLoginPage(rc.res, `This browser has no ${page.name} session yet.`, page.help);
    return;
  }
  await page.send(rc);
}
