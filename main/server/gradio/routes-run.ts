import { readJsonAs } from '../body.js';
import { HttpError } from '../http-error.js';
import { sendJson } from '../responses.js';
import type { RequestContext, Router } from '../router.js';
import { API_PREFIX } from './config-schema.js';
import { callerInfo, eventByApiName, type GradioContext } from './context.js';
import { toEventData } from './event-data.js';
import { joinBody, optionalSessionHash, quickJoinBody } from './requests.js';

/**
 * `POST /gradio_api/run/{api_name}` (alias `/api/...`, doc §1.12): one request, one answer. It
 * still goes through the engine's queue (nothing bypasses it); only the transport differs.
 */

const CLOSED_API = 'This API endpoint does not accept direct HTTP POST requests. Please join the queue to use this API.';

async function run(ctx: GradioContext, rc: RequestContext): Promise<void> {
  const event = eventByApiName(ctx, rc.params.api ?? '');
  // api_open only gates queued events; queue:false events are served here by design (doc §1.12).
  if (!ctx.engine.loaded.project.queue.apiOpen && event.queue) throw new HttpError(404, CLOSED_API);
  const body = await readJsonAs(rc.req, joinBody, ctx.maxBodyBytes, quickJoinBody);
  const hash = optionalSessionHash(body.session_hash);
  const answer = await ctx.queue.run(rc, { ...callerInfo(ctx, rc), event, data: body.data, hash, eventData: toEventData(body.event_data) });
  if (answer && !rc.res.destroyed) sendJson(rc.res, answer.status, answer.body);
}

export function registerRunRoutes(router: Router, ctx: GradioContext): void {
  router.add('POST', new RegExp(`^${API_PREFIX}/(?:run|api)/(?<api>[A-Za-z0-9_]+)/?$`), (rc) => run(ctx, rc));
}
