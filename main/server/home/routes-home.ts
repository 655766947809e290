import type { IncomingMessage } from 'node:http';
import { HOME_API, HOME_PAGE, homeForgetRequest, homeOpenRequest, homeTemplateRequest } from '../../../preload/shared/home/home-api.js';
import { readJsonAs } from '../body.js';
import type { EditorAuth } from '../editor/editor-auth.js';
import { assertEditorRequest } from '../editor/editor-guard.js';
import { redirectTo, serveSignedInPage } from '../editor/signed-in-page.js';
import { HttpError } from '../http-error.js';
import { sendJson } from '../responses.js';
import type { RequestContext, Router } from '../router.js';
import type { HomeBackend } from './home-backend.js';
import { HOME_LOGIN_HELP, HOME_REFUSED, sendHomePage } from './home-page.js';

/**
 * The home screen's routes: its page (`GET /home`, with the one-time token exchange) and its API
 * (`/api/home/*`, see preload/shared/home/home-api.ts), on the desk's server only, behind the
 * same checks as the editor's (editor-guard.ts: local, same-origin) and the same session.
 */

export interface HomeRoutesOptions {
  readonly auth: EditorAuth;
  readonly backend: HomeBackend;
  readonly rendererDir?: string;
}

const NO_SESSION = 'The home screen needs its session: open the URL that demo-desktop printed (http://127.0.0.1:PORT/home?token=...).';
const MAX_BODY_BYTES = 64 * 1024;

function authorize(auth: EditorAuth, req: IncomingMessage): void {
  assertEditorRequest(req, auth.isAppWindow(req), HOME_REFUSED);
  if (!auth.isAuthorized(req)) throw new HttpError(401, NO_SESSION);
}

type Api = (rc: RequestContext) => Promise<unknown>;

function apiRoutes(backend: HomeBackend): [string, string, Api][] {
  const body = <S extends Parameters<typeof readJsonAs>[1]>(rc: RequestContext, schema: S) => readJsonAs(rc.req, schema, MAX_BODY_BYTES);
  return [
    ['GET', 'recent', async () => ({ projects: await backend.recent() })],
    ['POST', 'recent/forget', async (rc) => ({ projects: await backend.forgetRecent((await body(rc, homeForgetRequest)).path) })],
    ['GET', 'templates', async () => ({ templates: await backend.templates() })],
    ['GET', 'machine', () => backend.machine()],
    ['POST', 'open', async (rc) => backend.open((await body(rc, homeOpenRequest)).path)],
    ['POST', 'templates/open', async (rc) => backend.openTemplate((await body(rc, homeTemplateRequest)).template)],
    ['POST', 'templates/edit', async (rc) => backend.editTemplate((await body(rc, homeTemplateRequest)).template)],
  ];
}

export function registerHomeRoutes(router: Router, options: HomeRoutesOptions): void {
  const { auth } = options;
  router.add('GET', /^\/home$/, (rc) =>
    serveSignedInPage(rc, {
      auth,
      name: 'home screen',
      path: HOME_PAGE,
      help: HOME_LOGIN_HELP,
      refused: HOME_REFUSED,
      send: (page) => sendHomePage(page.res, options.rendererDir),
    }),
  );
  // The page's asset URLs are relative (./assets/...): under /home/ they would miss.
  router.add('GET', /^\/home\/$/, (rc) => {
    assertEditorRequest(rc.req, auth.isAppWindow(rc.req), HOME_REFUSED);
    redirectTo(rc, HOME_PAGE);
  });
  for (const [method, name, handler] of apiRoutes(options.backend)) {
    router.add(method, new RegExp(`^${HOME_API}/${name}/?$`), async (rc) => {
      authorize(auth, rc.req);
      sendJson(rc.res, 200, await handler(rc));
    });
  }
}
