import { sendLoginPage, type LoginHelp } from '../editor/editor-page.js';
import { redirectTo } from '../editor/signed-in-page.js';
import { sendJson } from '../responses.js';
import type { Router } from '../router.js';
import { OWNER_LOGIN_PATH, type OwnerAuth } from './owner-auth.js';

/**
 *   GET /owner?token=...   local surface only: spends the one-time link, sets the owner cookie, 303 to `/`
 *   GET /api/owner         `{ owner: boolean }`: whether this page is the owner's window (the runner
 *                          page shows Share, the whole history and the dashboard only then); always
 *                          false through a share link, whose surface has no OwnerAuth
 */

const OWNER_LOGIN_HELP: LoginHelp = {
  title: 'demo-desktop: owner link',
  heading: 'Open this demo from demo-desktop',
  howHtml: `An owner link works once and for 5 minutes. Open the project again from demo-desktop (its home screen or
<code>demo-desktop open project.json</code>); with <code>demo-desktop serve</code>, use the owner link it printed when it started.
The demo itself works without one: go to <a href="/">the demo</a>.`,
};

export function registerOwnerRoutes(router: Router, owner: OwnerAuth | undefined): void {
  router.add('GET', /^\/api\/owner\/?$/, (rc) => {
    sendJson(rc.res, 200, { owner: owner?.isOwner(rc.req) === true }, { 'Cache-Control': 'no-store' });
  });
  if (!owner) return;
  router.add('GET', new RegExp(`^${OWNER_LOGIN_PATH}/?$`), (rc) => {
    const token = rc.query.get('token');
    const cookie = token === null ? null : owner.signIn(token);
    if (cookie !== null) redirectTo(rc, '/', { 'Set-Cookie': cookie });
    else if (owner.isOwner(rc.req)) redirectTo(rc, '/');
    else
      sendLoginPage(
        rc.res,
        token === null ? 'This link has no token.' : 'This owner link was already used or has expired.',
        OWNER_LOGIN_HELP,
      );
  });
}
