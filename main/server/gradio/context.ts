import type { IncomingMessage } from 'node:http';
import type { Logger } from '../../common/logger.js';
import type { Engine } from '../../engine/types.js';
import type { AppEvent } from '../../../preload/shared/project/normalize.js';
import type { CallerKind } from '../../store/history-types.js';
import { clientAddress } from '../client-address.js';
import { HttpError } from '../http-error.js';
import type { OwnerAuth } from '../owner/owner-auth.js';
import { requestVisitor } from '../request-visitor.js';
import type { RequestContext } from '../router.js';
import { secretMatches } from '../secret.js';
import { SseWriter, type SseWriterOptions } from '../sse-writer.js';
import type { CallStore } from './call-store.js';
import type { EventJob, JobDeps } from './event-job.js';
import type { FileStore } from './file-store.js';
import type { CallerInfo, GradioQueue } from './gradio-queue.js';
import type { SessionRegistry } from './queue-session.js';
import type { StreamKind, StreamLimits } from './stream-limits.js';
import { uploadClient } from './upload-client.js';

/** Everything the Gradio routes share; built once by startServer, torn down by its close(). */
export interface GradioContext extends JobDeps {
  readonly engine: Engine;
  readonly files: FileStore;
  /** Where joins, streams, cancels and calls go: this process (LocalGradioQueue) or a shared queue. */
  readonly queue: GradioQueue;
  readonly sessions: SessionRegistry;
  readonly calls: CallStore;
  /** Jobs still running, so close() can cancel them and wait for them. */
  readonly jobs: Set<EventJob>;
  /** Open SSE responses: their limits (server, client address, session), and close() ends them. */
  readonly streams: StreamLimits;
  readonly showError: boolean;
  /** Upload limit in bytes (Gradio's max_file_size; also in `uploads.limits`). */
  readonly maxFileSize: number;
  readonly appId: number;
  /** Interval of queue-stream and heartbeat-route keep-alives (Gradio: 15 s). */
  readonly heartbeatMs: number;
  readonly logger: Logger;
  /** Secret the app's own window sends in APP_TOKEN_HEADER; its jobs run first. */
  readonly appToken: string | undefined;
  /** The owner's sign-in (the window of the person who opened the demo); none on the share surface. */
  readonly owner: OwnerAuth | undefined;
  /** Limit of JSON request bodies in bytes (413 above it). */
  readonly maxBodyBytes: number;
  /** Open `/queue/data` streams of one session; one more is refused with 429. */
  readonly maxStreamsPerSession: number;
  /** Which surface these routes serve: this computer, or a share link's visitors (their runs are `visitor`). */
  readonly surface: 'local' | 'share';
}

/** The header the desktop window adds to its requests (never sent by browsers on their own). */
export const APP_TOKEN_HEADER = 'x-demo-desktop-app';

/** `high` for requests from the owner's window (the app token, or the owner cookie: owner-auth.ts), else `normal`. */
export function callerPriority(ctx: Pick<GradioContext, 'appToken' | 'owner'>, req: IncomingMessage): 'high' | 'normal' {
  const sent = req.headers[APP_TOKEN_HEADER];
  if (ctx.appToken && typeof sent === 'string' && secretMatches(sent, ctx.appToken)) return 'high';
  return ctx.owner?.isOwner(req) === true ? 'high' : 'normal';
}

/**
 * The header the runner page's @gradio/client sends (renderer/runner/gradio-endpoint.ts), so that
 * history can tell the page's runs from other API clients'. A hint, not a proof: any client can send
 * it, and it grants nothing; it only labels a run `page` instead of `api`.
 */
export const CLIENT_KIND_HEADER = 'x-demo-desktop-client';

/** Who made a request, for history: `visitor` on the share surface, `window` for the owner (app token or owner cookie), else `page` or `api`. */
export function callerKind(ctx: Pick<GradioContext, 'appToken' | 'owner' | 'surface'>, req: IncomingMessage): CallerKind {
  if (ctx.surface === 'share') return 'visitor';
  if (callerPriority(ctx, req) === 'high') return 'window';
  return req.headers[CLIENT_KIND_HEADER] === 'page' ? 'page' : 'api';
}

/** Who is calling, as every queue route hands it on. */
export function callerInfo(
  ctx: Pick<GradioContext, 'appToken' | 'owner' | 'surface'>,
  rc: Pick<RequestContext, 'req' | 'root'>,
): CallerInfo {
  return {
    visitor: requestVisitor(rc.req),
    priority: callerPriority(ctx, rc.req),
    caller: callerKind(ctx, rc.req),
    client: uploadClient(rc.req),
    root: rc.root,
  };
}

/** Remembers a job until it is over. */
export function track(ctx: GradioContext, job: EventJob): EventJob {
  ctx.jobs.add(job);
  void job.finished.then(() => ctx.jobs.delete(job));
  return job;
}

/**
 * Opens an SSE response once the stream limits admit it (their refusal is thrown as an HttpError,
 * before anything is written), and gives its place back when the response closes.
 */
export function openStream(
  ctx: Pick<GradioContext, 'streams'>,
  rc: Pick<RequestContext, 'req' | 'res'>,
  stream: { readonly kind: StreamKind; readonly session?: string },
  options: SseWriterOptions,
): SseWriter {
  let writer: SseWriter | null = null;
  const slot = ctx.streams.admit({ kind: stream.kind, client: clientAddress(rc.req), session: stream.session ?? null }, () =>
    writer?.end(),
  );
  writer = new SseWriter(rc.res, options);
  rc.res.once('close', () => slot.release());
  return writer;
}

/** The event behind `/{api_name}`; private endpoints are not reachable by name. */
export function eventByApiName(ctx: GradioContext, apiName: string): AppEvent {
  const name = apiName.replace(/^\/+|\/+$/g, '');
  const event = ctx.engine.app.events.find((e) => e.apiName === name && e.apiVisibility !== 'private');
  if (!event) {
    const names = ctx.engine.app.events.filter((e) => e.apiVisibility !== 'private').map((e) => `/${e.apiName}`);
    throw new HttpError(404, `No API endpoint /${name}. Endpoints: ${names.join(', ') || 'none'}. See GET /gradio_api/info.`);
  }
  return event;
}
