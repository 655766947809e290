import { sendJson } from '../responses.js';
import { requestVisitor } from '../request-visitor.js';
import type { RequestContext, Router } from '../router.js';
import { buildConfig } from './config.js';
import { API_PREFIX } from './config-schema.js';
import { openStream, type GradioContext } from './context.js';
import { buildApiInfo } from './info.js';
import { buildOpenApi } from './openapi.js';
import { sessionKey } from './requests.js';

/**
 * The handshake and auxiliary routes: /config, /info, the session heartbeat, app_id (doc §1.3, §1.4,
 * §1.11, §1.15), and our own OpenAPI description of the /call routes.
 */

function config(ctx: GradioContext, rc: RequestContext): void {
  sendJson(
    rc.res,
    200,
    buildConfig(ctx.engine, { root: rc.root, appId: ctx.appId, maxFileSize: ctx.maxFileSize, showError: ctx.showError }),
  );
}

function info(ctx: GradioContext, rc: RequestContext): void {
  sendJson(rc.res, 200, buildApiInfo(ctx.engine, rc.query.get('all_endpoints') === 'true'));
}

/** Public endpoints only, with the same caller-visible root as /config. */
function openApi(ctx: GradioContext, rc: RequestContext): void {
  sendJson(rc.res, 200, buildOpenApi(ctx.engine.app, buildApiInfo(ctx.engine, false), rc.root));
}

/**
 * The Python client always holds this open and reconnects in a tight loop on any answer that is
 * not a stream, so it exists even though no app state is dropped here; it must speak more often
 * than every 20 s. Its limits (one per session, few for sessions that have not called yet, and
 * yielding to result streams) are StreamLimits'.
 */
function heartbeat(ctx: GradioContext, rc: RequestContext): void {
  // A visitor's hash names their own session: another visitor's heartbeat never ends this one's.
  const session = sessionKey(rc.params.session ?? '', requestVisitor(rc.req));
  const writer = openStream(
    ctx,
    rc,
    { kind: 'heartbeat', session },
    { heartbeat: (w) => w.writeData('ALIVE'), heartbeatMs: ctx.heartbeatMs },
  );
  writer.writeData('ALIVE');
}

export function registerMetaRoutes(router: Router, ctx: GradioContext): void {
  router.add('GET', /^\/config\/?$/, (rc) => config(ctx, rc));
  router.add('GET', new RegExp(`^${API_PREFIX}/config/?$`), (rc) => config(ctx, rc));
  router.add('GET', new RegExp(`^${API_PREFIX}/info/?$`), (rc) => info(ctx, rc));
  router.add('GET', new RegExp(`^${API_PREFIX}/openapi\\.json$`), (rc) => openApi(ctx, rc));
  router.add('GET', new RegExp(`^${API_PREFIX}/heartbeat/(?<session>[A-Za-z0-9_-]{1,128})/?$`), (rc) => heartbeat(ctx, rc));
  router.add('GET', new RegExp(`^${API_PREFIX}/app_id/?$`), (rc) => sendJson(rc.res, 200, { app_id: ctx.appId }));
}
