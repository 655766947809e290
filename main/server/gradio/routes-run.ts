import { readJsonAs } from '../body.js';
import { HttpError } from '../http-error.js';
import { sendJson } from '../responses.js';
import type { RequestContext, Router } from '../router.js';
import { requestVisitor } from '../request-visitor.js';
import { API_PREFIX } from './config-schema.js';
import { callerKind, callerPriority, eventByApiName, track, type GradioContext } from './context.js';
import { toEventData } from './event-data.js';
import { startJob, type EventJob, type JobSink } from './event-job.js';
import type { StreamMessage } from './messages.js';
import { ANONYMOUS_LANE, sessionKey, joinBody, quickJoinBody, SESSION_HASH } from './requests.js';
import { uploadClient } from './upload-client.js';

/**
 * `POST /gradio_api/run/{api_name}` (alias `/api/...`, doc §1.12): one request, one answer. It
 * still goes through the engine's queue (nothing bypasses it); only the transport differs.
 */

/** Keeps the last process_completed; nothing else matters to a one-shot answer. */
class FinalMessage implements JobSink {
  message: StreamMessage | null = null;
  begin(): void {}
  abandon(): void {}
  emit(message: StreamMessage): void {
    if (message.msg === 'process_completed') this.message = message;
  }
}

const CLOSED_API = 'This API endpoint does not accept direct HTTP POST requests. Please join the queue to use this API.';

async function run(ctx: GradioContext, rc: RequestContext): Promise<void> {
  const event = eventByApiName(ctx, rc.params.api ?? '');
  // api_open only gates queued events; queue:false events are served here by design (doc §1.12).
  if (!ctx.engine.loaded.project.queue.apiOpen && event.queue) throw new HttpError(404, CLOSED_API);
  const body = await readJsonAs(rc.req, joinBody, ctx.maxBodyBytes, quickJoinBody);
  const hash = body.session_hash && SESSION_HASH.test(body.session_hash) ? body.session_hash : null;
  const visitor = requestVisitor(rc.req);
  const key = hash === null ? null : sessionKey(hash, visitor);
  const state = key !== null ? ctx.sessions.getOrCreate(key).state : new Map<string, unknown>();
  const sink = new FinalMessage();
  const job: EventJob = await startJob(ctx, {
    event,
    data: body.data,
    sessionId: key ?? ANONYMOUS_LANE,
    client: uploadClient(rc.req),
    visitor,
    priority: callerPriority(ctx, rc.req),
    caller: callerKind(ctx, rc.req),
    root: rc.root,
    state,
    eventData: toEventData(body.event_data),
    diffs: false,
    sink,
  });
  track(ctx, job);
  // A caller that hangs up no longer wants the result.
  const onClose = (): void => {
    if (!rc.res.writableEnded) job.cancel();
  };
  rc.res.once('close', onClose);
  await job.finished;
  rc.res.off('close', onClose);
  const message = sink.message;
  if (rc.res.destroyed || message?.msg !== 'process_completed') return;
  sendJson(rc.res, message.success ? 200 : 500, message.output);
}

export function registerRunRoutes(router: Router, ctx: GradioContext): void {
  router.add('POST', new RegExp(`^${API_PREFIX}/(?:run|api)/(?<api>[A-Za-z0-9_]+)/?$`), (rc) => run(ctx, rc));
}
