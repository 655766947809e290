import { randomUUID } from 'node:crypto';
import type { Logger } from '../../common/logger.js';
import { isTerminal } from '../../queue/job-data.js';
import { TERMINAL_EVENTS } from '../../queue/job-events.js';
import type { QueueFront, QueuePosition, StoredJobEvent } from '../../queue/queue-types.js';
import type { App } from '../../../preload/shared/project/normalize.js';
import { closeStreamMessage, sessionNotFoundMessage } from '../gradio/messages.js';
import type { SseWriter } from '../sse-writer.js';
import { estimationFor, JobMessages, type JobMessageDeps } from './job-messages.js';
import { announceId, type SessionBook } from './session-book.js';
import { compareStreamIds, encodeCursor } from './stream-cursor.js';

/**
 * One `/queue/data` response of a stateless front (doc §1.6): the session's jobs still to deliver
 * (the queue's session index), their events read from Redis with one blocking read for all of
 * them plus the session's announcements (a join on any front), each written as its Gradio message
 * with the stream's cursor as SSE `id:` (stream-cursor.ts). Once nothing is left to deliver it
 * lingers `lingerMs` for a new job, then closes with `close_stream` (sse_v3), atomically with
 * checking that no job arrived meanwhile (SessionBook.closeIfIdle). The same rules as the
 * in-memory QueueSession, with nothing kept past the response: another front can take over.
 *
 * A client that goes away (not a stream this front ended) cancels the session's jobs when no
 * other stream of the session is open on any front (SessionBook.absent), as Gradio does; with
 * project.json `queue.cancelOnDisconnect: false` they run on and wait, for the queue's finished
 * TTL, for the client to come back on any front.
 */

export interface SessionStreamDeps {
  readonly queue: Pick<QueueFront, 'sessionJobs' | 'readEvents' | 'status' | 'position' | 'cancel'>;
  readonly book: SessionBook;
  readonly app: App;
  readonly messages: JobMessageDeps;
  readonly lingerMs: number;
  readonly crossingMs: number;
  /** Longest blocking read: how late a stream notices that its client left, or a job that expired. */
  readonly blockMs: number;
  readonly logger: Logger;
  /** project.json `queue.cancelOnDisconnect` (read when a client leaves: the editor may change it). */
  readonly cancelOnDisconnect: () => boolean;
}

/** A job as this stream knows it: its translator, and whether it was over before the stream began. */
interface StreamedJob {
  readonly messages: JobMessages;
  readonly finishedBefore: boolean;
}

export class SessionStream {
  private readonly jobs = new Map<string, StreamedJob | null>();
  private announced = '0';
  /** Jobs Last-Event-ID named, until delivered here. */
  private readonly resumed: Set<string>;
  /** This stream's name among the session's open streams (SessionBook.present). */
  private readonly streamId = randomUUID();
  /** When its presence was last renewed (performance.now()). */
  private presentAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly deps: SessionStreamDeps,
    readonly session: string,
    private readonly writer: SseWriter,
    /** Each job's last event id the client has (Last-Event-ID), then as this stream delivers. */
    private readonly cursors: Map<string, string>,
    private readonly root: string,
  ) {
    this.resumed = new Set(cursors.keys());
  }

  get isOpen(): boolean {
    return this.writer.isOpen;
  }

  /** Serves until the stream closes (close_stream, the client leaving, or an error). Never rejects. */
  async serve(): Promise<void> {
    this.writer.onDisconnect(() => void this.clientGone());
    try {
      await this.renewPresence();
      this.announced = await this.deps.book.lastAnnouncement(this.session);
      let ids = await this.jobsToDeliver();
      if (ids.length === 0 && this.announced === '0') {
        // Never joined (or long ago): Gradio's answer, and close_stream so the client opens a new one.
        this.writer.send(sessionNotFoundMessage());
        this.close();
        return;
      }
      while (this.writer.isOpen) {
        await this.renewPresence();
        if (ids.length > 0) ids = await this.readOnce(ids);
        else if (await this.lingered()) return;
        else ids = await this.jobsToDeliver();
      }
    } catch (error) {
      // Redis went away (or this front is closing): end without close_stream, so a client that
      // resumes (Last-Event-ID) does so on a front that can read the queue.
      if (this.writer.isOpen) this.deps.logger.warn('a session stream ended on an error', { error: String(error) });
      this.writer.end();
    }
  }

  /** Tells the other fronts this stream is open, at most once per blocking read (it lasts three). */
  private async renewPresence(): Promise<void> {
    if (performance.now() - this.presentAt < this.deps.blockMs) return;
    this.presentAt = performance.now();
    await this.deps.book.present(this.session, this.streamId, 3 * this.deps.blockMs + this.deps.lingerMs);
  }

  /** The client left: the session's jobs go unless another stream of it is open (doc §1.6). */
  private async clientGone(): Promise<void> {
    try {
      const open = await this.deps.book.absent(this.session, this.streamId);
      if (open > 0 || !this.deps.cancelOnDisconnect()) return;
      const ids = await this.deps.queue.sessionJobs(this.session);
      await Promise.all(ids.map((id) => this.deps.queue.cancel(id)));
    } catch (error) {
      this.deps.logger.warn('could not cancel the jobs of a session whose client left', { error: String(error) });
    }
  }

  /**
   * The session's jobs not yet delivered, and the jobs Last-Event-ID names: a job marked delivered
   * as its last message left may not have reached the client (the connection died with it in
   * flight), and reading it after the client's own cursor tells (nothing after it: it did).
   */
  private async jobsToDeliver(): Promise<string[]> {
    const ids = await this.deps.queue.sessionJobs(this.session);
    for (const id of this.resumed) if (!ids.includes(id)) ids.push(id);
    return ids;
  }

  /** Waiting jobs of this stream in `groupId` (their estimations change when its line moves). */
  waitingIn(groupId: string): string[] {
    const out: string[] = [];
    for (const [id, job] of this.jobs) if (job?.messages.waiting && job.messages.event.concurrencyId === groupId) out.push(id);
    return out;
  }

  /** Re-announces waiting jobs' places after their line moved (estimations are not events: no `id:`). */
  sendEstimations(positions: ReadonlyMap<string, QueuePosition>, ids: readonly string[]): void {
    for (const id of ids) {
      const position = positions.get(id);
      if (position && this.jobs.get(id)?.messages.waiting) this.writer.send(estimationFor(id, position));
    }
  }

  /** Front shutdown: ends the response without close_stream (the client may resume on another front). */
  end(): void {
    this.writer.end();
  }

  /** One blocking read over the jobs and the announcements; writes what came; returns the jobs to read next. */
  private async readOnce(ids: readonly string[]): Promise<string[]> {
    const done: string[] = [];
    const after = new Map<string, string>();
    for (const id of ids) {
      if ((await this.job(id)) === null) done.push(id);
      else after.set(id, this.cursors.get(id) ?? '0');
    }
    if (after.size === 0) {
      await this.delivered(done);
      return this.jobsToDeliver();
    }
    after.set(announceId(this.session), this.announced);
    const events = await this.deps.queue.readEvents(after, { blockMs: this.deps.blockMs });
    // A timeout, or a new job of the session: look at the session's jobs again.
    let refresh = events.length === 0;
    const seen = new Set<string>();
    for (const stored of events) {
      if (stored.jobId === announceId(this.session)) {
        this.announced = stored.id;
        refresh = true;
      } else {
        seen.add(stored.jobId);
        if (await this.write(stored)) done.push(stored.jobId);
      }
    }
    // Resumed after its last event: the client had it all, the delivery mark was all that was missing.
    for (const id of after.keys()) if (this.jobs.get(id)?.finishedBefore && this.resumed.has(id) && !seen.has(id)) done.push(id);
    if (done.length > 0) await this.delivered(done);
    if (refresh || done.length > 0) return this.jobsToDeliver();
    return ids.filter((id) => !done.includes(id));
  }

  /** Writes one event's message; true when it was the job's last and the client is still there to read it. */
  private async write(stored: StoredJobEvent): Promise<boolean> {
    const job = await this.job(stored.jobId);
    this.cursors.set(stored.jobId, stored.id);
    const message = job ? await job.messages.message(stored.event) : null;
    if (message) this.writer.send(message, encodeCursor(this.cursors));
    return TERMINAL_EVENTS.has(stored.event.type) && this.writer.isOpen;
  }

  private async delivered(ids: readonly string[]): Promise<void> {
    await this.deps.book.delivered(this.session, ids);
    for (const id of ids) {
      this.jobs.delete(id);
      this.cursors.delete(id);
      this.resumed.delete(id);
    }
  }

  /** The job's translator (its event looked up once), or null when the queue no longer has it. */
  private async job(id: string): Promise<StreamedJob | null> {
    const known = this.jobs.get(id);
    if (known !== undefined) return known;
    const status = await this.deps.queue.status(id);
    // Only this session's jobs: a Last-Event-ID naming another session's job reads nothing of it.
    const own = status?.job.session === this.session ? status : null;
    const event = own ? this.deps.app.events.find((e) => e.apiName === own.job.event) : undefined;
    const job =
      own && event
        ? {
            messages: new JobMessages(this.deps.messages, id, event, { diffs: true, root: this.root }),
            finishedBefore: isTerminal(own.state),
          }
        : null;
    const cursor = this.cursors.get(id);
    if (job && cursor !== undefined) await this.seed(job.messages, id, cursor);
    this.jobs.set(id, job);
    return job;
  }

  /** A resumed job: the last intermediate output the client got (up to its cursor) is the diffs' baseline. */
  private async seed(messages: JobMessages, id: string, cursor: string): Promise<void> {
    const before = await this.deps.queue.readEvents(new Map([[id, '0']]), { count: 10_000 });
    const partials = before.filter((e) => e.event.type === 'partial' && compareStreamIds(e.id, cursor) <= 0);
    const last = partials.at(-1)?.event;
    if (last?.type === 'partial') await messages.seed(last.outputs);
  }

  /** Nothing left to deliver: waits `lingerMs` for a new job, then closes. True once closed. */
  private async lingered(): Promise<boolean> {
    const announcements = announceId(this.session);
    const events = await this.deps.queue.readEvents(new Map([[announcements, this.announced]]), { blockMs: this.deps.lingerMs });
    const last = events.at(-1);
    if (last) {
      this.announced = last.id;
      return false;
    }
    if (!this.writer.isOpen) return true;
    if (!(await this.deps.book.closeIfIdle(this.session, this.deps.crossingMs))) return false;
    this.close();
    return true;
  }

  private close(): void {
    this.writer.send(closeStreamMessage());
    this.writer.end();
    void this.deps.book.absent(this.session, this.streamId).catch(() => undefined);
  }
}
