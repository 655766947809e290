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
  validateRequest,
} from '../../../preload/shared/editor/editor-api.js';
import { readJsonAs } from '../body.js';
import { HttpError } from '../http-error.js';
import { sendJson } from '../responses.js';
import type { RequestContext, Router } from '../router.js';
import type { EditorAuth } from './editor-auth.js';
import type { EditorBackend } from './editor-backend.js';
import { assertEditorRequest } from './editor-guard.js';
import { sendEditorPage, sendLoginPage } from './editor-page.js';

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
}

const NO_SESSION = 'The editor needs its session: open the URL that `demo-desktop edit` printed (http://127.0.0.1:PORT/editor?token=...).';

function authorize(auth: EditorAuth, req: IncomingMessage): void {
  assertEditorRequest(req, auth.isAppWindow(req));
  if (!auth.isAuthorized(req)) throw new HttpError(401, NO_SESSION);
}

function redirect(rc: RequestContext, headers: Record<string, string> = {}): void {
  rc.res.writeHead(303, { ...headers, Location: EDITOR_PAGE, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
  rc.res.end();
}

async function editorPage(rc: RequestContext, options: EditorRoutesOptions): Promise<void> {
  const { auth } = options;
  assertEditorRequest(rc.req, auth.isAppWindow(rc.req));
  const token = rc.query.get('token');
  if (token !== null) {
    const secret = auth.exchange(token);
    // A spent or stale link in a browser that already has a session just opens the editor.
    if (secret !== null) redirect(rc, { 'Set-Cookie': auth.cookie(secret) });
    else if (auth.isAuthorized(rc.req)) redirect(rc);
    else sendLoginPage(rc.res, 'This link was already used or has expired.');
    return;
  }
  if (!auth.isAuthorized(rc.req)) {
    sendLoginPage(rc.res, 'This browser has no editor session yet.');
    return;
  }
  await sendEditorPage(rc.res, options.rendererDir, options.backend.previewOrigin());
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
  ];
}

export function registerEditorRoutes(router: Router, options: EditorRoutesOptions): void {
  router.add('GET', /^\/editor$/, (rc) => editorPage(rc, options));
  // The page's asset URLs are relative (./assets/...): under /editor/ they would miss, so / and /editor/ lead to /editor.
  router.add('GET', /^\/(editor\/)?$/, (rc) => {
    assertEditorRequest(rc.req, options.auth.isAppWindow(rc.req));
    redirect(rc);
  });
  for (const [method, name, handler] of apiRoutes(options)) {
    const pattern = new RegExp(`^${EDITOR_API}/${name}/?$`);
    router.add(method, pattern, async (rc) => {
      authorize(options.auth, rc.req);
      sendJson(rc.res, 200, await handler(rc));
    });
  }
}
