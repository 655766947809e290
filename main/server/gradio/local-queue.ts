import { HttpError } from '../http-error.js';
import type { RequestContext } from '../router.js';
import { openStream, track, type GradioContext } from './context.js';
import { startJob, type EventJob, type JobSink } from './event-job.js';
import type { CallRequest, GradioQueue, JoinRequest, RunAnswer } from './gradio-queue.js';
import { closeStreamMessage, heartbeatMessage, sessionNotFoundMessage, type StreamMessage } from './messages.js';
import { ANONYMOUS_LANE, sessionKey } from './requests.js';

/**
 * The embedded default behind the Gradio routes: jobs go to this process's engine (its scheduler),
 * and each session's messages are buffered here (QueueSession, CallRecord) until a stream reads
 * them. Nothing survives the process, and only this server can answer a session it served.
 */

/** How long close() waits for cancelled jobs to report back before giving up on them. */
const CLOSE_GRACE_MS = 5000;

/** Keeps the last process_completed; nothing else matters to a one-shot answer. */
class FinalMessage implements JobSink {
  message: StreamMessage | null = null;
  begin(): void {}
  abandon(): void {}
  emit(message: StreamMessage): void {
    if (message.msg === 'process_completed') this.message = message;
  }
}

export class LocalGradioQueue implements GradioQueue {
  /** A thunk: the context holds this queue, and is built around it. */
  constructor(private readonly context: () => GradioContext) {}

  private get ctx(): GradioContext {
    return this.context();
  }

  async join(request: JoinRequest): Promise<string> {
    const { ctx } = this;
    const session = ctx.sessions.getOrCreate(sessionKey(request.hash, request.visitor));
    const job = await startJob(ctx, {
      ...this.jobFields(request),
      sessionId: session.hash,
      state: session.state,
      diffs: true,
      sink: session,
    });
    track(ctx, job);
    // A join that crossed this session's close_stream is answered a moment after it, so the client
    // has read the close and opens a new stream for this event (see QueueSession).
    await session.streamsSettled();
    return job.id;
  }

  openSessionStream(rc: RequestContext, hash: string | null, visitor: string | null): Promise<void> {
    const { ctx } = this;
    const session = hash ? ctx.sessions.get(sessionKey(hash, visitor)) : undefined;
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
      return Promise.resolve();
    }
    session.attach(writer);
    return Promise.resolve();
  }

  cancel(hash: string, visitor: string | null, eventId: string | null, fnIndex: number | null): Promise<void> {
    this.ctx.sessions.get(sessionKey(hash, visitor))?.cancel(eventId, fnIndex);
    return Promise.resolve();
  }

  queued(): Promise<number> {
    return Promise.resolve(this.ctx.engine.queueStatus().queued);
  }

  async startCall(request: CallRequest): Promise<string> {
    const { ctx } = this;
    const record = ctx.calls.create(request.event.apiName, request.visitor);
    const key = request.hash === null ? null : sessionKey(request.hash, request.visitor);
    // Without a session_hash the event gets its own State and the shared anonymous fairness lane.
    const job = await startJob(ctx, {
      ...this.jobFields(request),
      sessionId: key ?? ANONYMOUS_LANE,
      state: this.stateOf(key),
      diffs: false,
      sink: record,
    });
    track(ctx, job);
    ctx.calls.add(record);
    return job.id;
  }

  openCallStream(rc: RequestContext, apiName: string, eventId: string, visitor: string | null): Promise<void> {
    const { ctx } = this;
    const writer = openStream(
      ctx,
      rc,
      { kind: 'events' },
      { heartbeat: (w) => w.writeEvent('heartbeat', 'null'), heartbeatMs: ctx.heartbeatMs },
    );
    const record = ctx.calls.get(eventId);
    // Another visitor's event (its id passed on) is as unknown as one that never existed.
    if (record?.apiName !== apiName || record.visitor !== visitor) {
      writer.writeEvent('error', JSON.stringify('404: Not Found'));
      writer.end();
      return Promise.resolve();
    }
    record.read(writer);
    return Promise.resolve();
  }

  async run(rc: RequestContext, request: CallRequest): Promise<RunAnswer | null> {
    const { ctx } = this;
    const key = request.hash === null ? null : sessionKey(request.hash, request.visitor);
    const sink = new FinalMessage();
    const job: EventJob = await startJob(ctx, {
      ...this.jobFields(request),
      sessionId: key ?? ANONYMOUS_LANE,
      state: this.stateOf(key),
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
    if (rc.res.destroyed || message?.msg !== 'process_completed') return null;
    return { status: message.success ? 200 : 500, body: message.output };
  }

  async close(): Promise<void> {
    const { ctx } = this;
    ctx.sessions.shutdown();
    ctx.calls.shutdown();
    ctx.streams.endAll();
    const jobs = [...ctx.jobs];
    for (const job of jobs) job.cancel();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_GRACE_MS)));
    await Promise.race([Promise.all(jobs.map((job) => job.finished)), grace]);
    clearTimeout(timer);
  }

  private stateOf(key: string | null): Map<string, unknown> {
    return key !== null ? this.ctx.sessions.getOrCreate(key).state : new Map<string, unknown>();
  }

  private jobFields(request: JoinRequest | CallRequest) {
    return {
      event: request.event,
      data: request.data,
      client: request.client,
      visitor: request.visitor,
      priority: request.priority,
      caller: request.caller,
      root: request.root,
      eventData: request.eventData,
    };
  }
}
