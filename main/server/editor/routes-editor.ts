import type { IncomingMessage } from 'node:http';
import {
  EDITOR_API,
  EDITOR_PAGE,
  costRequest,
  forgetRecentRequest,
  newRequest,
  openRequest,
  previewRequest,
  saveRequest,
  tuneReportRequest,
  validateRequest,
} from '../../../preload/shared/editor/editor-api.js';
import { readJsonAs } from '../body.js';
import { HttpError } from '../http-error.js';
import { sendJson } from '../responses.js';
import type { RequestContext, Router } from '../router.js';
import type { EditorAuth } from './editor-auth.js';
import type { EditorBackend } from './editor-backend.js';
import { assertEditorRequest } from './editor-guard.js';
import { EDITOR_LOGIN_HELP, sendEditorPage } from './editor-page.js';
import { redirectTo, serveSignedInPage } from './signed-in-page.js';

/**
 * The editor's routes: its page (`GET /editor`, with the one-time token exchange) and its API
 * (`/api/editor/*`, see preload/shared/editor/editor-api.ts). Only the editor's own server
 * (start-editor-server.ts) registers them; a demo server, and so a share link, never does.
 * Every route first checks the request (editor-guard.ts), then the session (editor-auth.ts).
 */

export interface EditorRoutesOptions {
  readonly auth: EditorAuth;
  readonly backend: EditorBackend;
  /** The built renderer (dist/renderer), where editor.html is. */
  readonly rendererDir?: string;
  /** Largest JSON body (a project) in bytes. */
  readonly maxBodyBytes: number;
  /** Where `/` leads (default /editor; the desk's server leads to its home page). */
  readonly landing?: string;
}

const NO_SESSION = 'The editor needs its session: open the URL that `demo-desktop edit` printed (http://127.0.0.1:PORT/editor?token=...).';

function authorize(auth: EditorAuth, req: IncomingMessage): void {
  assertEditorRequest(req, auth.isAppWindow(req));
  if (!auth.isAuthorized(req)) throw new HttpError(401, NO_SESSION);
}

function editorPage(rc: RequestContext, options: EditorRoutesOptions): Promise<void> {
  return serveSignedInPage(rc, {
    auth: options.auth,
    name: 'editor',
    path: EDITOR_PAGE,
    help: EDITOR_LOGIN_HELP,
    send: (page) => sendEditorPage(page.res, options.rendererDir, options.backend.previewOrigin()),
  });
}

type Api = (rc: RequestContext) => unknown;

function apiRoutes(options: EditorRoutesOptions): [string, string, Api][] {
  const { backend, maxBodyBytes } = options;
  const body = <S extends Parameters<typeof readJsonAs>[1]>(rc: RequestContext, schema: S) => readJsonAs(rc.req, schema, maxBodyBytes);
  return [
    ['GET', 'session', async () => ({ document: await backend.session() })],
    ['POST', 'open', async (rc) => backend.open((await body(rc, openRequest)).path)],
    ['POST', 'new', async (rc) => backend.create((await body(rc, newRequest)).template)],
    ['POST', 'save', async (rc) => backend.save(await body(rc, saveRequest))],
    ['POST', 'validate', async (rc) => ({ issues: await backend.validate(await body(rc, validateRequest)) })],
    ['GET', 'templates', async () => ({ templates: await backend.templates() })],
    ['GET', 'recent', async () => ({ projects: await backend.recent() })],
    ['POST', 'recent/forget', async (rc) => ({ projects: await backend.forgetRecent((await body(rc, forgetRecentRequest)).path) })],
    ['POST', 'preview', async (rc) => backend.preview(await body(rc, previewRequest))],
    ['POST', 'cost', async (rc) => backend.cost(await body(rc, costRequest))],
    ['GET', 'models', () => backend.models()],
    ['POST', 'tune-report', async (rc) => backend.tuneReport(await body(rc, tuneReportRequest))],
  ];
}

export function registerEditorRoutes(router: Router, options: EditorRoutesOptions): void {
  router.add('GET', /^\/editor$/, (rc) => editorPage(rc, options));
  // The page's asset URLs are relative (./assets/...): under /editor/ they would miss, so /editor/ leads to /editor.
  router.add('GET', /^\/(editor\/)?$/, (rc) => {
    assertEditorRequest(rc.req, options.auth.isAppWindow(rc.req));
    redirectTo(rc, rc.path === '/' ? (options.landing ?? EDITOR_PAGE) : EDITOR_PAGE);
  });
  for (const [method, name, handler] of apiRoutes(options)) {
    const pattern = new RegExp(`^${EDITOR_API}/${name}/?$`);
    router.add(method, pattern, async (rc) => {
      authorize(options.auth, rc.req);
      sendJson(rc.res, 200, await handler(rc));
    });
  }
}
