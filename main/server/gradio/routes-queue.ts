import { readJsonAs } from '../body.js';
import { HttpError } from '../http-error.js';
import { sendJson } from '../responses.js';
import type { RequestContext, Router } from '../router.js';
import { requestVisitor } from '../request-visitor.js';
import { API_PREFIX } from './config-schema.js';
import { callerKind, callerPriority, openStream, track, type GradioContext } from './context.js';
import { toEventData } from './event-data.js';
import { startJob } from './event-job.js';
import { closeStreamMessage, heartbeatMessage, sessionNotFoundMessage } from './messages.js';
import { cancelBody, joinBody, quickJoinBody, resetBody, SESSION_HASH, sessionKey } from './requests.js';
import { uploadClient } from './upload-client.js';

/** The queue protocol (doc §1.5, §1.6, §1.10, §1.15): join, the per-session stream, cancel, reset, status. */

function sessionHash(value: string | null | undefined): string {
  if (!value) throw new HttpError(400, 'Session hash not found.');
  if (!SESSION_HASH.test(value)) throw new HttpError(400, 'Invalid session hash: use 1-128 letters, digits, "_" or "-".');
  return value;
}

async function join(ctx: GradioContext, rc: RequestContext): Promise<void> {
  const body = await readJsonAs(rc.req, joinBody, ctx.maxBodyBytes, quickJoinBody);
  const hash = sessionHash(body.session_hash);
  if (body.fn_index === null || body.fn_index === undefined) throw new HttpError(400, 'No function index provided.');
  const event = ctx.engine.app.events[body.fn_index];
  if (!event) {
    throw new HttpError(404, `No function with fn_index ${body.fn_index}; this app has ${ctx.engine.app.events.length}. See GET /config.`);
  }
  const visitor = requestVisitor(rc.req);
  const session = ctx.sessions.getOrCreate(sessionKey(hash, visitor));
  const job = await startJob(ctx, {
    event,
    data: body.data,
    sessionId: session.hash,
    client: uploadClient(rc.req),
    visitor,
    priority: callerPriority(ctx, rc.req),
    caller: callerKind(ctx, rc.req),
    root: rc.root,
    state: session.state,
    eventData: toEventData(body.event_data),
    diffs: true,
    sink: session,
  });
  track(ctx, job);
  // A join that crossed this session's close_stream is answered a moment after it, so the client
  // has read the close and opens a new stream for this event (see QueueSession).
  await session.streamsSettled();
  sendJson(rc.res, 200, { event_id: job.id });
}

function data(ctx: GradioContext, rc: RequestContext): void {
  const hash = rc.query.get('session_hash');
  const session = hash ? ctx.sessions.get(sessionKey(hash, requestVisitor(rc.req))) : undefined;
  if (hash && session && session.streamCount >= ctx.maxStreamsPerSession) {
    throw new HttpError(
      429,
      `Too many open streams for session ${hash} (limit ${ctx.maxStreamsPerSession}). ` +
        'One stream per client carries every event of the session: close the others first.',
      undefined,
      false,
      { 'Retry-After': '1' },
    );
  }
  const writer = openStream(ctx, rc, { kind: 'events' }, { heartbeat: (w) => w.send(heartbeatMessage()), heartbeatMs: ctx.heartbeatMs });
  if (!session) {
    // Gradio answers 200 with one message; a non-2xx would read as a broken connection. The
    // close_stream after it tells @gradio/client that its stream is gone, so its next call opens a
    // new one instead of waiting on this one forever (issue 12, item 8).
    writer.send(sessionNotFoundMessage());
    writer.send(closeStreamMessage());
    writer.end();
    return;
  }
  session.attach(writer);
}

async function cancel(ctx: GradioContext, rc: RequestContext): Promise<void> {
  const body = await readJsonAs(rc.req, cancelBody, ctx.maxBodyBytes);
  if (body.session_hash) {
    ctx.sessions.get(sessionKey(body.session_hash, requestVisitor(rc.req)))?.cancel(body.event_id ?? null, body.fn_index ?? null);
  }
  sendJson(rc.res, 200, { success: true });
}

async function reset(ctx: GradioContext, rc: RequestContext): Promise<void> {
  // A no-op in Gradio 6 too, but both clients call it after /cancel.
  await readJsonAs(rc.req, resetBody, ctx.maxBodyBytes);
  sendJson(rc.res, 200, { success: true });
}

function status(ctx: GradioContext, rc: RequestContext): void {
  const { queued } = ctx.engine.queueStatus();
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
