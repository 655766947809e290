import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../common/logger.js';
import { DEFAULT_BODY_GUARD, guardBody, hasBody, type BodyGuardSettings } from './body-guard.js';
import { corsHeaders, isForeignWrite, preflightHeaders, requestRoot, type HostGuard } from './host-guard.js';
import { HttpError } from './http-error.js';
import { sendError, sendJson, sendText } from './responses.js';
import { splitUrl, type Router } from './router.js';
import type { StaticFiles } from './static-files.js';

/**
 * The one entry point of every request: a watch on slow bodies, Host check (DNS rebinding), CORS,
 * cross-site write refusal, routing, then the static UI for remaining GETs. Handler errors become `{detail}`
 * answers; unexpected ones are logged and answered 500 without internals.
 */

export interface RequestHandlerOptions {
  readonly router: Router;
  readonly hostGuard: Pick<HostGuard, 'isAllowed'>;
  /** The built UI for GETs no route matched; without it they are a 404. */
  readonly staticFiles?: StaticFiles;
  /**
   * Gradio's CORS rule (default true): echo local origins. The editor's server turns it off: only
   * its own page, same-origin, may read its answers.
   */
  readonly cors?: boolean;
  /** Paths under these prefixes never fall through to the UI: unknown API routes are a JSON 404. */
  readonly apiPrefixes: readonly string[];
  readonly logger: Logger;
  /** How slow a request body may arrive before it is cut (body-guard.ts); default 1 KiB/s over 10 s windows. */
  readonly bodyGuard?: BodyGuardSettings;
}

function applyCors(req: IncomingMessage, res: ServerResponse): void {
  for (const [name, value] of Object.entries(corsHeaders(req))) res.setHeader(name, value);
}

async function dispatch(options: RequestHandlerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  if (!options.hostGuard.isAllowed(req.headers.host)) {
    req.resume();
    sendText(res, 403, 'Invalid Host header: this server only answers requests addressed to localhost.\n');
    return;
  }
  const cors = options.cors ?? true;
  if (method === 'OPTIONS') {
    res.writeHead(204, cors ? preflightHeaders(req) : { Vary: 'Origin' });
    res.end();
    return;
  }
  if (cors) applyCors(req, res);
  if (isForeignWrite(req)) {
    req.resume();
    throw new HttpError(403, 'Cross-origin requests from this origin are not allowed.');
  }
  const { path, query } = splitUrl(req.url);
  const match = options.router.match(method, path);
  if (match === 'method') {
    req.resume();
    const allowed = options.router.allowedMethods(path).join(', ');
    throw new HttpError(405, `Method ${method} is not allowed on ${path}; use ${allowed}.`, undefined, false, { Allow: allowed });
  }
  if (match === null) {
    req.resume();
    const { staticFiles } = options;
    if (staticFiles && (method === 'GET' || method === 'HEAD') && !options.apiPrefixes.some((prefix) => path.startsWith(`${prefix}/`))) {
      await staticFiles.serve(res, path);
      return;
    }
    sendJson(res, 404, { detail: 'Not Found' });
    return;
  }
  await match.handler({ req, res, path, query, params: match.params, root: requestRoot(req) });
}

export function createRequestHandler(options: RequestHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const bodyGuard = options.bodyGuard ?? DEFAULT_BODY_GUARD;
  return (req, res) => {
    if (hasBody(req)) guardBody(req, res, bodyGuard);
    dispatch(options, req, res).catch((error: unknown) => {
      if (!(error instanceof HttpError)) options.logger.error('request failed', { url: req.url, error: String(error) });
      // Whatever was not read of the body is discarded, so the client can read our answer.
      req.resume();
      sendError(res, error);
    });
  };
}
