import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger, type Logger } from '../../common/logger.js';
import { DEFAULT_JSON_LIMIT } from '../body.js';
import { HostGuard, isLoopbackName } from '../host-guard.js';
import { createRequestHandler } from '../request-handler.js';
import { Router } from '../router.js';
import { StaticFiles } from '../static-files.js';
import { EDITOR_PAGE } from '../../../preload/shared/editor/editor-api.js';
import { EditorAuth } from './editor-auth.js';
import type { EditorBackend } from './editor-backend.js';
import { registerEditorRoutes } from './routes-editor.js';

/**
 * The editor's own HTTP server (`demo-desktop edit`): the editor page and `/api/editor/*`, plus
 * the built renderer's assets (scripts and styles, no data). The desk (main/desk/) runs the same
 * server with its home page and APIs added (`routes`), so one sign-in serves both pages. It binds loopback only and answers
 * no cross-origin reads (no CORS); it is a separate server from every demo server, so nothing of
 * the editor can be reached through a demo's URL or a share link.
 */

export interface EditorServerOptions {
  readonly backend: EditorBackend;
  /** A loopback address (default 127.0.0.1); anything else is refused. */
  readonly host?: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** The built renderer (dist/renderer): editor.html and assets/. */
  readonly rendererDir?: string;
  /** The Electron window's per-launch secret (header x-demo-desktop-app), which stands for a session. */
  readonly appToken?: string;
  readonly logger?: Logger;
  readonly maxBodyBytes?: number;
  /** How long a sign-in token stays good unused; default 5 minutes (tests shorten it). */
  readonly tokenTtlMs?: number;
  /**
   * More pages and APIs on the same server, behind the same sign-in (the desk's home page and
   * /api/home, /api/desk): they get the router and the server's one EditorAuth.
   */
  readonly routes?: (router: Router, auth: EditorAuth) => void;
  /** Where `/` leads (default /editor). */
  readonly landing?: string;
}

export interface RunningEditorServer {
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  readonly origin: string;
  readonly port: number;
  /** A fresh one-time login URL: `<origin><page>?token=...` (page default /editor; good once, for 5 minutes). */
  loginUrl(page?: string): string;
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Whether `host` is a loopback address or name the editor may bind. */
export function isLoopbackHost(host: string): boolean {
  return isLoopbackName(host) || isLoopbackName(`[${host}]`) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export async function startEditorServer(options: EditorServerOptions): Promise<RunningEditorServer> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host)) throw new Error(`The editor listens on loopback only; "${host}" is not a loopback address.`);
  const logger = (options.logger ?? silentLogger).child('editor');
  let port = options.port ?? 0;
  const auth = new EditorAuth({
    cookieName: () => `demo_desktop_editor_${port}`,
    ...(options.appToken ? { appToken: options.appToken } : {}),
    ...(options.tokenTtlMs !== undefined ? { tokenTtlMs: options.tokenTtlMs } : {}),
  });
  const router = new Router();
  registerEditorRoutes(router, {
    auth,
    backend: options.backend,
    ...(options.rendererDir ? { rendererDir: options.rendererDir } : {}),
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_JSON_LIMIT,
    ...(options.landing ? { landing: options.landing } : {}),
  });
  options.routes?.(router, auth);
  // Scripts and styles of the page; nothing else of the renderer (its runner page) is served here.
  const assets = await StaticFiles.open(options.rendererDir);
  router.add('GET', /^\/(assets\/[^?]*|favicon\.svg)$/, (rc) => assets.serve(rc.res, rc.path));
  const hostGuard = new HostGuard(() => port);
  const handler = createRequestHandler({ router, hostGuard, apiPrefixes: ['/api'], logger, cors: false });
  const server = createServer({ headersTimeout: 20_000 }, handler);
  port = await listen(server, port, host);
  const shown = host.includes(':') ? `[${host}]` : host;
  const origin = `http://${shown}:${port}`;
  return {
    origin,
    port,
    loginUrl: (page = EDITOR_PAGE) => `${origin}${page}?token=${auth.issueToken()}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
