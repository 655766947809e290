import type { IncomingMessage } from 'node:http';
import type { Logger } from '../../common/logger.js';
import type { Engine } from '../../engine/types.js';
import type { AppEvent } from '../../project/normalize.js';
import { HttpError } from '../http-error.js';
import { secretMatches } from '../secret.js';
import type { SseWriter } from '../sse-writer.js';
import type { CallStore } from './call-store.js';
import type { EventJob, JobDeps } from './event-job.js';
import type { FileStore } from './file-store.js';
import type { SessionRegistry } from './queue-session.js';

/** Everything the Gradio routes share; built once by startServer, torn down by its close(). */
export interface GradioContext extends JobDeps {
  readonly engine: Engine;
  readonly files: FileStore;
  readonly sessions: SessionRegistry;
  readonly calls: CallStore;
  /** Jobs still running, so close() can cancel them and wait for them. */
  readonly jobs: Set<EventJob>;
  /** Open SSE responses, so close() can end them. */
  readonly streams: Set<SseWriter>;
  readonly showError: boolean;
  /** Upload limit in bytes (Gradio's max_file_size; also in `uploads.limits`). */
  readonly maxFileSize: number;
  readonly appId: number;
  /** Interval of queue-stream and heartbeat-route keep-alives (Gradio: 15 s). */
  readonly heartbeatMs: number;
  readonly logger: Logger;
  /** Secret the app's own window sends in APP_TOKEN_HEADER; its jobs run first. */
  readonly appToken: string | undefined;
  /** Limit of JSON request bodies in bytes (413 above it). */
  readonly maxBodyBytes: number;
  /** Open SSE responses of all kinds together; one more is refused with 503. */
  readonly maxStreams: number;
  /** Open `/queue/data` streams of one session; one more is refused with 429. */
  readonly maxStreamsPerSession: number;
}

/** The header the desktop window adds to its requests (never sent by browsers on their own). */
export const APP_TOKEN_HEADER = 'x-demo-desktop-app';

/** `high` for requests from the app's own window (they carry the app token), else `normal`. */
export function callerPriority(ctx: Pick<GradioContext, 'appToken'>, req: IncomingMessage): 'high' | 'normal' {
  const sent = req.headers[APP_TOKEN_HEADER];
  if (!ctx.appToken || typeof sent !== 'string') return 'normal';
  return secretMatches(sent, ctx.appToken) ? 'high' : 'normal';
}

/** Remembers a job until it is over. */
export function track(ctx: GradioContext, job: EventJob): EventJob {
  ctx.jobs.add(job);
  void job.finished.then(() => ctx.jobs.delete(job));
  return job;
}

/**
 * Call before opening an SSE response: open streams hold a socket and a timer each, so their
 * number is bounded. Throws 503 (Retry-After) when the server already holds `maxStreams`.
 */
export function admitStream(ctx: Pick<GradioContext, 'streams' | 'maxStreams'>): void {
  if (ctx.streams.size < ctx.maxStreams) return;
  throw new HttpError(503, `Too many open streams on this server (limit ${ctx.maxStreams}). Try again shortly.`, undefined, false, {
    'Retry-After': '5',
  });
}

/** Remembers an SSE response until it ends. */
export function trackStream(ctx: GradioContext, writer: SseWriter, res: { once(event: 'close', fn: () => void): unknown }): SseWriter {
  ctx.streams.add(writer);
  res.once('close', () => ctx.streams.delete(writer));
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
