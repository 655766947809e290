import type { Engine } from '../../engine/types.js';
import { HttpError } from '../http-error.js';
import { sendJson } from '../responses.js';
import type { Router } from '../router.js';
import { assertLocal } from './local-only.js';

/**
 * demo-desktop's own engine API (camelCase, not Gradio's): queue metrics and "before you submit"
 * estimates for the runner and the admin view. Local requests only.
 *
 *   GET /api/engine/metrics              → { queue: {queued, running}, events: {apiName: KeyMetrics} }
 *   GET /api/engine/estimate/{apiName}   → { rank, queueSize, etaMs, runMs }
 */
export function registerEngineRoutes(router: Router, engine: Engine): void {
  router.add('GET', /^\/api\/engine\/metrics\/?$/, (rc) => {
    assertLocal(rc.req);
    sendJson(rc.res, 200, { queue: engine.queueStatus(), events: engine.metrics() });
  });
  router.add('GET', /^\/api\/engine\/estimate\/(?<api>[A-Za-z_][A-Za-z0-9_]*)\/?$/, (rc) => {
    assertLocal(rc.req);
    const event = engine.app.events.find((e) => e.apiName === rc.params.api && e.apiVisibility !== 'private');
    if (!event) throw new HttpError(404, `No endpoint /${rc.params.api ?? ''}. See GET /gradio_api/info.`);
    sendJson(rc.res, 200, engine.estimate(event.index));
  });
}
