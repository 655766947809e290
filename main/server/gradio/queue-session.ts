import type { SseWriter } from '../sse-writer.js';
import type { EventJob, JobSink } from './event-job.js';
import { cancelledMessage, closeStreamMessage, serverStoppedMessage, unreadMessage, type StreamMessage } from './messages.js';
import { StatusHold } from './status-hold.js';

/**
 * One client session of the queue protocol (doc §1.5-1.6): the events it still waits for, the
 * messages produced while no stream is open, and the open `/queue/data` streams. A client holds
 * one; a second (another process reusing the hash, a reconnect while the old socket lingers) gets
 * the same messages from then on, and the route bounds how many one session may hold.
 *
 * Invariants:
 * - an event is pending from `begin` until its `process_completed` is written to the streams;
 * - messages of events that are no longer pending are dropped;
 * - when nothing is pending, the streams stay open for `lingerMs` (a client that calls again
 *   soon, as API clients do, reuses its stream: no new request per call); then `close_stream` is
 *   written (sse_v3: without it the JS client's next call hangs). A /cancel completes its event
 *   like any other (cancelledMessage), so the session's other events are not disturbed;
 * - a join that arrives within `crossingMs` of a `close_stream` is answered only once
 *   `crossingMs` have passed since it: the client may have sent it before reading `close_stream`,
 *   and if the answer reached it first it would still believe its stream open, never open a new
 *   one, and wait forever for that event (a race in Gradio's own protocol, which closes and answers
 *   at once). The response itself ends right after `close_stream`: a browser client that aborts a
 *   stream still being read reports a broken connection to every event it waits for;
 * - the session's jobs are cancelled when its last stream disconnects;
 * - on server shutdown every open stream gets an error completion for each pending event and then
 *   `close_stream`: @gradio/client believes its stream open until it reads `close_stream`, so a
 *   stream that just ended would leave the same client object waiting forever on its next call,
 *   even once the server is back (issue 12, item 8);
 * - a status message (`estimation`, `process_starts`) may wait up to `statusHoldMs` to leave
 *   with the session's next message (status-hold.ts), order kept: a call that finishes within it
 *   costs the client one read instead of two, and the run no wake-up of the client beside it.
 */

export interface SessionTiming {
  /** How long streams stay open once nothing is pending; default 1 s. */
  readonly lingerMs: number;
  /** How long after `close_stream` a join's answer waits, so the client reads the close first; default 50 ms. */
  readonly crossingMs: number;
  /**
   * After the last stream disconnects: null cancels the session's jobs at once (default, Gradio's
   * behaviour); a number lets them run on and keeps their messages that long for the client to
   * reconnect with the same session_hash, then cancels what is left (project.json
   * `queue.cancelOnDisconnect: false`).
   */
  readonly reconnectMs: number | null;
  /** How long a status message may wait for the session's next message (StatusHold); 0 sends it at once. */
  readonly statusHoldMs: number;
}

export const DEFAULT_SESSION_TIMING: SessionTiming = { lingerMs: 1_000, crossingMs: 50, reconnectMs: null, statusHoldMs: 40 };

/** How long a disconnected client's jobs and results wait for it with `cancelOnDisconnect: false`. */
export const RECONNECT_MS = 10 * 60 * 1000;

/** A session buffer never grows past this; a client that never reads must not exhaust memory. */
const MAX_BUFFERED = 10_000;

/**
 * Nor past this many bytes of outputs (what the messages weigh as JSON): 10,000 messages of a
 * resent 4 MB chat history would be 40 GB. Past it the client is taken for one that will not read:
 * its events are stopped, and each waits for it with a failure that says why.
 */
export const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

/** What a buffered message weighs: outputs as their JSON, every other message (a status) about this. */
const STATUS_BYTES = 256;

function messageBytes(message: StreamMessage): number {
  return message.msg === 'process_generating' || message.msg === 'process_completed' ? JSON.stringify(message).length : STATUS_BYTES;
}

export class QueueSession implements JobSink {
  /** State component values by key (Gradio's per-session state). */
  readonly state = new Map<string, unknown>();
  private readonly pending = new Map<string, EventJob>();
  private buffer: StreamMessage[] = [];
  /** What `buffer` weighs (messageBytes). */
  private bufferedBytes = 0;
  private readonly streams = new Set<SseWriter>();
  /** When `close_stream` was last written (performance.now()), for joins that cross it. */
  private closedAt: number | null = null;
  /**
   * One timer per session, re-armed with refresh() each time nothing is pending: a client that
   * calls again and again (a caller's loop) makes no timer per request. `lingering` says whether
   * it counts; a timer that fires after a new event arrived does nothing.
   */
  private lingerTimer: NodeJS.Timeout | undefined;
  private lingering = false;
  /** Running while the session has no stream and waits for its client to come back (reconnectMs). */
  private reconnectTimer: NodeJS.Timeout | undefined;
  private readonly hold: StatusHold;

  constructor(
    readonly hash: string,
    private readonly timing: SessionTiming = DEFAULT_SESSION_TIMING,
    /** Called when the session's client is gone (see abandonAll): its uploads may go. */
    private readonly onEnd: (hash: string) => void = () => undefined,
  ) {
    this.hold = new StatusHold(timing.statusHoldMs, (held) => this.release(held));
  }

  begin(job: EventJob): void {
    this.pending.set(job.id, job);
    this.stopLingering();
  }

  /** Resolves when a join may be answered: at once, or `crossingMs` after a recent `close_stream`. */
  streamsSettled(): Promise<void> {
    const waitMs = this.closedAt === null ? 0 : this.closedAt + this.timing.crossingMs - performance.now();
    if (waitMs <= 0) return Promise.resolve();
    return new Promise((resolve) => setTimeout(resolve, waitMs));
  }

  abandon(job: EventJob): void {
    this.pending.delete(job.id);
  }

  emit(message: StreamMessage): void {
    if (message.event_id !== null && !this.pending.has(message.event_id)) return;
    if (this.streams.size > 0 && this.hold.keep(message)) return;
    this.hold.flush();
    if (this.streams.size > 0) this.write(message);
    else this.keep(message);
  }

  /** Held status messages, in order, once their time is up or a later message goes out. */
  private release(held: readonly StreamMessage[]): void {
    for (const message of held) {
      if (message.event_id !== null && !this.pending.has(message.event_id)) continue;
      if (this.streams.size > 0) this.write(message);
      else this.keep(message);
    }
  }

  /** Keeps a message for the stream the client has yet to open (or reopen), within the limits above. */
  private keep(message: StreamMessage): void {
    if (this.buffer.length >= MAX_BUFFERED) return;
    this.bufferedBytes += messageBytes(message);
    if (this.bufferedBytes <= MAX_BUFFERED_BYTES) {
      this.buffer.push(message);
      return;
    }
    // Not reading: stop every pending event; what it had produced goes, its failure stays for the client.
    this.hold.drop();
    this.buffer = [];
    this.bufferedBytes = 0;
    for (const job of this.pending.values()) {
      job.cancel();
      const failure = unreadMessage(job.id);
      this.buffer.push(failure);
      this.bufferedBytes += messageBytes(failure);
    }
  }

  /** Adds `writer` to the session's streams and flushes what was buffered while none was open. */
  attach(writer: SseWriter): void {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.streams.add(writer);
    writer.onDisconnect(() => this.disconnected(writer));
    const buffered = this.buffer;
    this.buffer = [];
    this.bufferedBytes = 0;
    // A stream is open now, so each message is written, or dropped if its event is no longer pending.
    for (const message of buffered) this.emit(message);
    if (this.pending.size === 0) this.linger();
  }

  /** Open `/queue/data` streams of this session. */
  get streamCount(): number {
    return this.streams.size;
  }

  /**
   * /cancel: aborts the event (or, without an id, every event of `fnIndex`) and answers for it
   * with a `process_completed` that changes no output (see cancelledMessage: not Gradio's
   * `output: {}`, which makes @gradio/client drop the session's other jobs).
   */
  cancel(eventId: string | null, fnIndex: number | null): void {
    const targets = [...this.pending.values()].filter((job) =>
      eventId !== null ? job.id === eventId : fnIndex !== null && job.eventIndex === fnIndex,
    );
    // Each answer completes its event like any other (the streams linger once nothing is pending),
    // and the client's other events on the same stream carry on.
    for (const job of targets) {
      job.cancel();
      this.emit(cancelledMessage(job.id, job.outputCount));
    }
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  /** Server shutdown: stop every job, tell the streams why, and close them the way clients expect. */
  shutdown(): void {
    clearTimeout(this.reconnectTimer);
    this.dropLingerTimer();
    // What was held goes first: the streams see every status before the error completions.
    this.hold.flush();
    this.hold.drop();
    const stopped = [...this.pending.values()];
    for (const job of stopped) job.cancel();
    this.pending.clear();
    this.buffer = [];
    this.bufferedBytes = 0;
    for (const writer of this.streams) for (const job of stopped) writer.send(serverStoppedMessage(job.id));
    this.closeStreams();
  }

  private write(message: StreamMessage): void {
    for (const writer of this.streams) writer.send(message);
    if (message.msg !== 'process_completed' || message.event_id === null) return;
    this.pending.delete(message.event_id);
    if (this.pending.size === 0) this.linger();
  }

  /** Nothing is pending: keep the streams for `lingerMs`, then close them (a new event cancels). */
  private linger(): void {
    if (this.lingering || this.streams.size === 0) return;
    this.lingering = true;
    if (this.lingerTimer) {
      this.lingerTimer.refresh();
      return;
    }
    this.lingerTimer = setTimeout(() => this.lingerOver(), this.timing.lingerMs);
    this.lingerTimer.unref();
  }

  private lingerOver(): void {
    if (!this.lingering) return;
    this.lingering = false;
    if (this.pending.size === 0) this.closeStreams();
  }

  /** A new event: the streams stay. The timer itself stays for the next linger (see lingerTimer). */
  private stopLingering(): void {
    this.lingering = false;
  }

  private dropLingerTimer(): void {
    this.lingering = false;
    clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
  }

  /** `close_stream` on every stream, and the end of each response. */
  private closeStreams(): void {
    const ending = [...this.streams];
    this.streams.clear();
    for (const writer of ending) {
      writer.send(closeStreamMessage());
      writer.end();
    }
    if (ending.length > 0) this.closedAt = performance.now();
  }

  /**
   * The client went away: once no stream is left, its waiting events leave the queue and its
   * running ones are aborted, so no more messages are produced for them (doc §1.6). With
   * `reconnectMs`, that happens only if the client has not reopened a stream by then.
   */
  private disconnected(writer: SseWriter): void {
    if (!this.streams.delete(writer) || this.streams.size > 0) return;
    this.dropLingerTimer();
    // What was held goes to the buffer, kept for a client that reconnects (or dropped below).
    this.hold.flush();
    const { reconnectMs } = this.timing;
    if (reconnectMs === null) {
      this.abandonAll();
      return;
    }
    if (this.pending.size === 0) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (this.streams.size === 0) this.abandonAll();
    }, reconnectMs);
    this.reconnectTimer.unref();
  }

  /** The registry forgot this session to make room: its events stop, as when its client leaves. */
  forget(): void {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.dropLingerTimer();
    this.abandonAll();
  }

  /** Cancels every pending event and drops what was kept for them. */
  private abandonAll(): void {
    this.hold.drop();
    for (const job of this.pending.values()) job.cancel();
    this.pending.clear();
    this.buffer = [];
    this.bufferedBytes = 0;
    this.onEnd(this.hash);
  }
}

/** Session buffers by session_hash, least recently used first out (Gradio keeps 2,000). */
export class SessionRegistry {
  private readonly sessions = new Map<string, QueueSession>();

  constructor(
    private readonly capacity = 2000,
    private readonly timing: SessionTiming = DEFAULT_SESSION_TIMING,
    /** A session ended: its client went away, or it was forgotten to make room. */
    private readonly onEnd: (hash: string) => void = () => undefined,
  ) {}

  get(hash: string): QueueSession | undefined {
    const session = this.sessions.get(hash);
    if (session) {
      // Re-insert to mark it most recently used.
      this.sessions.delete(hash);
      this.sessions.set(hash, session);
    }
    return session;
  }

  /** Whether `hash` has called this server (joined, or /call with a session_hash); does not mark it used. */
  has(hash: string): boolean {
    return this.sessions.has(hash);
  }

  getOrCreate(hash: string): QueueSession {
    const existing = this.get(hash);
    if (existing) return existing;
    const session = new QueueSession(hash, this.timing, this.onEnd);
    this.evict();
    this.sessions.set(hash, session);
    return session;
  }

  shutdown(): void {
    for (const session of this.sessions.values()) session.shutdown();
    this.sessions.clear();
  }

  /**
   * Makes room for one more session. An idle one is the cheapest to forget; then one whose client
   * has no stream open (it never opened one, or left), whose events stop as on a disconnect. A
   * session with a stream open is never forgotten (there are fewer streams than sessions). Before,
   * only idle sessions went: 2,000 joins that never opened their streams filled the registry, and
   * every later session was forgotten as soon as it was made, so every client of the server got
   * `session_not_found`.
   */
  private evict(): void {
    const room = this.capacity - 1;
    for (const [hash, session] of this.sessions) {
      if (this.sessions.size <= room) return;
      if (session.pendingCount > 0) continue;
      this.sessions.delete(hash);
      this.onEnd(hash);
    }
    for (const [hash, session] of this.sessions) {
      if (this.sessions.size <= room) return;
      if (session.streamCount > 0) continue;
      this.sessions.delete(hash);
      session.forget();
    }
  }
}
