import { readJsonAs } from '../body.js';
import { HttpError } from '../http-error.js';
import { sendJson } from '../responses.js';
import type { RequestContext, Router } from '../router.js';
import { requestVisitor } from '../request-visitor.js';
import { API_PREFIX } from './config-schema.js';
import { callerInfo, type GradioContext } from './context.js';
import { toEventData } from './event-data.js';
import { cancelBody, joinBody, quickJoinBody, resetBody, sessionHash } from './requests.js';

/** The queue protocol (doc §1.5, §1.6, §1.10, §1.15): join, the per-session stream, cancel, reset, status. */

async function join(ctx: GradioContext, rc: RequestContext): Promise<void> {
  const body = await readJsonAs(rc.req, joinBody, ctx.maxBodyBytes, quickJoinBody);
  const hash = sessionHash(body.session_hash);
  if (body.fn_index === null || body.fn_index === undefined) throw new HttpError(400, 'No function index provided.');
  const event = ctx.engine.app.events[body.fn_index];
  if (!event) {
    throw new HttpError(404, `No function with fn_index ${body.fn_index}; this app has ${ctx.engine.app.events.length}. See GET /config.`);
  }
  const eventId = await ctx.queue.join({
    ...callerInfo(ctx, rc),
    event,
    data: body.data,
    hash,
    eventData: toEventData(body.event_data),
  });
  sendJson(rc.res, 200, { event_id: eventId });
}

function data(ctx: GradioContext, rc: RequestContext): Promise<void> {
  return ctx.queue.openSessionStream(rc, rc.query.get('session_hash'), requestVisitor(rc.req));
}

async function cancel(ctx: GradioContext, rc: RequestContext): Promise<void> {
  const body = await readJsonAs(rc.req, cancelBody, ctx.maxBodyBytes);
  if (body.session_hash) {
    await ctx.queue.cancel(body.session_hash, requestVisitor(rc.req), body.event_id ?? null, body.fn_index ?? null);
  }
  sendJson(rc.res, 200, { success: true });
}

async function reset(ctx: GradioContext, rc: RequestContext): Promise<void> {
  // A no-op in Gradio 6 too, but both clients call it after /cancel.
  await readJsonAs(rc.req, resetBody, ctx.maxBodyBytes);
  sendJson(rc.res, 200, { success: true });
}

async function status(ctx: GradioContext, rc: RequestContext): Promise<void> {
  const queued = await ctx.queue.queued();
  sendJson(rc.res, 200, { msg: 'estimation', event_id: null, rank: null, queue_size: queued, rank_eta: null });
}

export function registerQueueRoutes(router: Router, ctx: GradioContext): void {
  const at = (suffix: string): RegExp => new RegExp(`^${API_PREFIX}/${suffix}/?$`);
  router.add('POST', at('queue/join'), (rc) => join(ctx, rc));
  router.add('GET', at('queue/data'), (rc) => data(ctx, rc));
  router.add('GET', at('queue/status'), (rc) => status(ctx, rc));
  router.add('POST', at('cancel'), (rc) => cancel(ctx, rc));
  router.add('POST', at('reset'), (rc) => reset(ctx, rc));
}
