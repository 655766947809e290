import type { EventData } from '../../engine/event-data.js';
import type { AppEvent } from '../../../preload/shared/project/normalize.js';
import type { CallerKind } from '../../store/history-types.js';
import type { RequestContext } from '../router.js';

/**
 * The seam between the Gradio routes and where jobs and their messages live (issue 18, item 3).
 * The routes parse and check a request (session hash, fn_index, api name, body), then hand it here:
 * admission is asynchronous (a shared queue answers over the network) and a stream's messages come
 * from an event source that may be this process (the in-memory default, local-queue.ts: the engine's
 * scheduler and per-session buffers) or a queue every front reads (main/server/queue-front/: Redis,
 * where any front answers any session because nothing about a job is kept in the front).
 */

/** Who made a call and how it reaches its answer: the same for every route. */
export interface CallerInfo {
  /** The share-link visitor (requestVisitor), null for local callers. */
  readonly visitor: string | null;
  readonly priority: 'high' | 'normal';
  /** For history (callerKind). */
  readonly caller: CallerKind;
  /** Who uploaded (uploadClient): their uploads become the session's once a job uses them. */
  readonly client: string;
  /** Caller-visible root for file URLs. */
  readonly root: string;
}

export interface JoinRequest extends CallerInfo {
  readonly event: AppEvent;
  readonly data: readonly unknown[];
  /** The client's session_hash (checked); the server's session is sessionKey(hash, visitor). */
  readonly hash: string;
  readonly eventData?: EventData | undefined;
}

/** `/call` and `/run`: the session is optional (null: the event has its own State and the anonymous lane). */
export interface CallRequest extends CallerInfo {
  readonly event: AppEvent;
  readonly data: readonly unknown[];
  readonly hash: string | null;
  readonly eventData?: EventData | undefined;
}

/** The answer of `/run`: the final output payload, 200 or 500. */
export interface RunAnswer {
  readonly status: 200 | 500;
  readonly body: unknown;
}

export interface GradioQueue {
  /** POST queue/join: admits the job and resolves to its event id once the client may be told it. Throws HttpError. */
  join(request: JoinRequest): Promise<string>;
  /** GET queue/data: the session's multiplexed stream (doc §1.6), from `Last-Event-ID` where the queue can resume. */
  openSessionStream(rc: RequestContext, hash: string | null, visitor: string | null): Promise<void>;
  /** POST cancel: one event of the session, or without an id every event of `fnIndex`. */
  cancel(hash: string, visitor: string | null, eventId: string | null, fnIndex: number | null): Promise<void>;
  /** Jobs waiting in all groups (GET queue/status). */
  queued(): Promise<number>;
  /** POST call/{api}: starts the event; resolves to its id. */
  startCall(request: CallRequest): Promise<string>;
  /** GET call/{api}/{id}: its named SSE events. */
  openCallStream(rc: RequestContext, apiName: string, eventId: string, visitor: string | null): Promise<void>;
  /** POST run/{api}: runs the event and answers once; null when the caller hung up first. */
  run(rc: RequestContext, request: CallRequest): Promise<RunAnswer | null>;
  /** Server shutdown: every stream told and ended, this server's jobs cancelled (bounded wait). */
  close(): Promise<void>;
  /**
   * Files shared with other servers (a blob store: main/server/queue-front/front-files.ts), or
   * undefined for this server's own folders (FileStore), the one-machine default.
   */
  readonly files?: QueueFiles;
}

/** Uploads and served files kept where every front reaches them. */
export interface QueueFiles {
  /** Uploads received into this server's upload folder, now stored for all: the paths clients pass back. */
  shareUploads(paths: readonly string[]): Promise<string[]>;
  /** GET file=<requested>: answers it (403 for a path it would never serve, 404 when gone). */
  serve(rc: RequestContext, requested: string): Promise<void>;
}
