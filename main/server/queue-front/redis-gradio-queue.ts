import { AppError } from '../../../preload/shared/errors.js';
import type { Disposable } from '../../common/disposable.js';
import type { JobSubmission, QueueFront } from '../../queue/queue-types.js';
import { HttpError } from '../http-error.js';
import type { RequestContext } from '../router.js';
import { callEvent } from '../gradio/call-store.js';
import { openStream, type GradioContext } from '../gradio/context.js';
import type { CallRequest, GradioQueue, JoinRequest, RunAnswer } from '../gradio/gradio-queue.js';
import { closeStreamMessage, heartbeatMessage, sessionNotFoundMessage } from '../gradio/messages.js';
import { sessionKey } from '../gradio/requests.js';
import { callerJob, readJob, type JobReaderDeps } from './job-reader.js';
import type { FrontFiles } from './front-files.js';
import { toSubmission } from './job-submission.js';
import type { SessionBook } from './session-book.js';
import { SessionStream, type SessionStreamDeps } from './session-stream.js';
import { decodeCursor } from './stream-cursor.js';

/**
 * The Gradio routes of a stateless front (`serve --queue redis://…`, issue 18 item 3): joins and
 * calls are submitted to the shared queue, and every stream (`/queue/data`, `/call`, `/run`)
 * reads the jobs' events from it, so any front answers any session: the join on one, the stream on
 * another, the cancel on a third. What this object holds is only this front's open streams (to
 * re-announce estimations when a line moves, and to end them on shutdown).
 */

export interface RedisFrontTiming {
  /** As SessionTiming.lingerMs: how long a stream with nothing to deliver stays open. */
  readonly lingerMs: number;
  /** As SessionTiming.crossingMs: how long after a close_stream a join's answer waits. */
  readonly crossingMs: number;
  /** Longest blocking read of one stream. */
  readonly blockMs: number;
}

export const DEFAULT_FRONT_TIMING: RedisFrontTiming = { lingerMs: 1_000, crossingMs: 50, blockMs: 5_000 };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class RedisGradioQueue implements GradioQueue {
  private readonly streams = new Set<SessionStream>();
  private moved: Promise<Disposable> | undefined;
  /** Groups whose positions are being read, and whether they moved again meanwhile. */
  private readonly announcing = new Map<string, boolean>();

  constructor(
    private readonly ctx: GradioContext,
    private readonly queue: QueueFront,
    private readonly book: SessionBook,
    readonly files: FrontFiles,
    private readonly timing: RedisFrontTiming = DEFAULT_FRONT_TIMING,
  ) {}

  async join(request: JoinRequest): Promise<string> {
    const session = sessionKey(request.hash, request.visitor);
    const id = await this.submit(request, session);
    // A join that crossed a close_stream of its session (on any front) waits, as QueueSession's do.
    const wait = await this.book.announce(session, id);
    if (wait > 0) await sleep(wait);
    return id;
  }

  async openSessionStream(rc: RequestContext, hash: string | null, visitor: string | null): Promise<void> {
    const session = hash ? sessionKey(hash, visitor) : null;
    const open = session === null ? 0 : [...this.streams].filter((s) => s.session === session && s.isOpen).length;
    if (hash && open >= this.ctx.maxStreamsPerSession) {
      throw new HttpError(
        429,
        `Too many open streams for session ${hash} on this server (limit ${this.ctx.maxStreamsPerSession}). ` +
          'One stream per client carries every event of the session: close the others first.',
        undefined,
        false,
        { 'Retry-After': '1' },
      );
    }
    // Before the response starts: a front that cannot subscribe answers 500, not a stream that hangs.
    if (session !== null) await this.watchMoves();
    const writer = openStream(
      this.ctx,
      rc,
      { kind: 'events' },
      { heartbeat: (w) => w.send(heartbeatMessage()), heartbeatMs: this.ctx.heartbeatMs },
    );
    if (session === null) {
      // As an unknown session (doc §1.6): '' would be the session of every anonymous /call.
      writer.send(sessionNotFoundMessage());
      writer.send(closeStreamMessage());
      writer.end();
      return;
    }
    const stream = new SessionStream(this.streamDeps(), session, writer, decodeCursor(rc.req.headers['last-event-id']), rc.root);
    this.streams.add(stream);
    // The response is served from here on; the route is done once it is under way.
    void stream.serve().finally(() => this.streams.delete(stream));
  }

  async cancel(hash: string, visitor: string | null, eventId: string | null, fnIndex: number | null): Promise<void> {
    const session = sessionKey(hash, visitor);
    const targets: string[] = [];
    if (eventId !== null) {
      const status = await this.queue.status(eventId);
      if (status?.job.session === session) targets.push(eventId);
    } else if (fnIndex !== null) {
      const apiName = this.ctx.engine.app.events[fnIndex]?.apiName;
      for (const id of await this.queue.sessionJobs(session)) {
        if ((await this.queue.status(id))?.job.event === apiName) targets.push(id);
      }
    }
    // The queue writes `cancelled` to each job's events; the session's stream (on any front) answers for it.
    await Promise.all(targets.map((id) => this.queue.cancel(id)));
  }

  queued(): Promise<number> {
    return this.book.waiting();
  }

  async startCall(request: CallRequest): Promise<string> {
    return this.submit(request, request.hash === null ? null : sessionKey(request.hash, request.visitor));
  }

  async openCallStream(rc: RequestContext, apiName: string, eventId: string, visitor: string | null): Promise<void> {
    const writer = openStream(
      this.ctx,
      rc,
      { kind: 'events' },
      { heartbeat: (w) => w.writeEvent('heartbeat', 'null'), heartbeatMs: this.ctx.heartbeatMs },
    );
    const deps = this.readerDeps();
    const found = await callerJob(deps, eventId, apiName, visitor);
    if (!found) {
      writer.writeEvent('error', JSON.stringify('404: Not Found'));
      writer.end();
      return;
    }
    const write = (message: Parameters<typeof callEvent>[0]): void => {
      const named = callEvent(message);
      if (named) writer.writeEvent(named.name, JSON.stringify(named.data));
    };
    void readJob(deps, { id: eventId, event: found.event, root: rc.root }, write, () => writer.isOpen)
      .catch((error: unknown) => this.ctx.logger.warn('a /call stream ended on an error', { error: String(error) }))
      .finally(() => writer.end());
  }

  async run(rc: RequestContext, request: CallRequest): Promise<RunAnswer | null> {
    const id = await this.submit(request, request.hash === null ? null : sessionKey(request.hash, request.visitor));
    // A caller that hangs up no longer wants the result.
    const onClose = (): void => {
      if (!rc.res.writableEnded) void this.queue.cancel(id).catch(() => undefined);
    };
    rc.res.once('close', onClose);
    try {
      const last = await readJob(
        this.readerDeps(),
        { id, event: request.event, root: rc.root },
        () => undefined,
        () => !rc.res.destroyed,
      );
      if (last?.msg !== 'process_completed') return null;
      return { status: last.success ? 200 : 500, body: last.output };
    } finally {
      rc.res.off('close', onClose);
    }
  }

  async close(): Promise<void> {
    for (const stream of this.streams) stream.end();
    this.streams.clear();
    await this.moved?.then((subscription) => subscription.dispose()).catch(() => undefined);
  }

  private async submit(request: JoinRequest | CallRequest, session: string | null): Promise<string> {
    const { app } = this.ctx.engine;
    const eventData = request.eventData as JobSubmission['eventData'];
    const job = await toSubmission(app, this.ctx.files, this.files, { ...request, session, eventData });
    const maxWaiting = this.ctx.engine.loaded.project.queue.maxSize ?? null;
    try {
      return (await this.queue.submit(job, { maxWaiting })).id;
    } catch (error) {
      if (error instanceof AppError && error.code === 'QUEUE_FULL')
        throw new HttpError(503, error.message.replace(/ Try again shortly\.$/, ''));
      if (error instanceof AppError && error.code === 'INVALID_INPUT') throw new HttpError(400, error.message);
      throw error;
    }
  }

  /** Subscribes to line moves once a stream is open: waiting jobs' estimations follow their line. */
  private async watchMoves(): Promise<void> {
    this.moved ??= this.queue
      .onMoved((groupId) => void this.announce(groupId))
      .catch((error: unknown) => {
        this.moved = undefined;
        throw error;
      });
    await this.moved;
  }

  /** One read of the group's line for all of this front's streams; moves meanwhile cause one more. */
  private async announce(groupId: string): Promise<void> {
    if (this.announcing.has(groupId)) {
      this.announcing.set(groupId, true);
      return;
    }
    this.announcing.set(groupId, false);
    try {
      do {
        this.announcing.set(groupId, false);
        const targets = [...this.streams].map((stream) => ({ stream, ids: stream.waitingIn(groupId) })).filter((t) => t.ids.length > 0);
        if (targets.length === 0) break;
        const positions = await this.queue.positions(groupId);
        for (const { stream, ids } of targets) stream.sendEstimations(positions, ids);
      } while (this.announcing.get(groupId));
    } catch (error) {
      this.ctx.logger.warn('could not re-announce queue positions', { groupId, error: String(error) });
    } finally {
      this.announcing.delete(groupId);
    }
  }

  private readerDeps(): JobReaderDeps {
    return { queue: this.queue, app: this.ctx.engine.app, messages: this.messageDeps(), blockMs: this.timing.blockMs };
  }

  private streamDeps(): SessionStreamDeps {
    return {
      queue: this.queue,
      book: this.book,
      app: this.ctx.engine.app,
      messages: this.messageDeps(),
      lingerMs: this.timing.lingerMs,
      crossingMs: this.timing.crossingMs,
      blockMs: this.timing.blockMs,
      logger: this.ctx.logger,
      cancelOnDisconnect: () => this.ctx.engine.loaded.project.queue.cancelOnDisconnect,
    };
  }

  private messageDeps(): SessionStreamDeps['messages'] {
    const { ctx } = this;
    return { app: ctx.engine.app, queue: this.queue, files: ctx.files, allowedPaths: ctx.allowedPaths, showError: ctx.showError };
  }
}
