import { HttpError } from '../http-error.js';

/**
 * Admission of open SSE streams. Each holds a socket and a timer, and before these limits one
 * client could open the server's whole budget of idle heartbeats and block every other caller
 * (issue 12, item 2). Two kinds: `events` streams carry results (`/queue/data`, `/call` GETs);
 * `heartbeat` streams only say ALIVE, and no client needs them to get its results.
 *
 * Invariants:
 * - open streams ≤ `total` (one more: 503), and open streams of one client address ≤ `perClient`
 *   (one more: 429). Loopback callers count too: every local client shares 127.0.0.1;
 * - a session holds at most one heartbeat: a new one ends the older, so a client reconnecting its
 *   heartbeat is never refused because of its own dead socket;
 * - a client address holds at most `unknownHeartbeatsPerClient` heartbeats of sessions that have
 *   not called the app yet (Python's gradio_client always opens its heartbeat before its first
 *   call, @gradio/client does for apps with State; both would spin on a refusal, see docs/api.md);
 * - heartbeats yield to events: an events stream that finds a budget full ends the oldest
 *   heartbeat counted in that budget instead of being refused, so heartbeats never keep a result
 *   from its client.
 */

export type StreamKind = 'events' | 'heartbeat';

export interface StreamLimitSettings {
  readonly total: number;
  readonly perClient: number;
  readonly unknownHeartbeatsPerClient: number;
}

export interface StreamRequest {
  readonly kind: StreamKind;
  /** The client's address (clientAddress). */
  readonly client: string;
  /** The session of a heartbeat; null for events streams (QueueSession bounds those per session). */
  readonly session: string | null;
}

/** An admitted stream's place in the budget; release() once it closed (idempotent). */
export interface StreamSlot {
  release(): void;
}

interface Entry extends StreamRequest {
  /** Closes the stream when the limits end it early (a replaced or yielding heartbeat). */
  readonly end: () => void;
}

const RETRY_AFTER = { 'Retry-After': '5' };

export class StreamLimits {
  /** Every open stream, oldest first (a Set keeps insertion order). */
  private readonly open = new Set<Entry>();
  private readonly byClient = new Map<string, Set<Entry>>();
  private readonly heartbeats = new Map<string, Entry>();

  constructor(
    private readonly settings: StreamLimitSettings,
    private readonly isKnownSession: (hash: string) => boolean,
  ) {}

  get size(): number {
    return this.open.size;
  }

  /** Admits a stream, or throws the HttpError that refuses it. */
  admit(request: StreamRequest, end: () => void): StreamSlot {
    if (request.kind === 'heartbeat') this.checkHeartbeat(request);
    else this.makeRoomForEvents(request.client);
    const entry: Entry = { ...request, end };
    this.open.add(entry);
    const mine = this.byClient.get(request.client) ?? new Set<Entry>();
    mine.add(entry);
    this.byClient.set(request.client, mine);
    if (entry.kind === 'heartbeat' && entry.session !== null) this.heartbeats.set(entry.session, entry);
    return { release: () => this.remove(entry) };
  }

  /** Server shutdown: ends every stream still open. */
  endAll(): void {
    for (const entry of [...this.open]) this.close(entry);
  }

  private checkHeartbeat({ client, session }: StreamRequest): void {
    const older = session === null ? undefined : this.heartbeats.get(session);
    if (older) this.close(older);
    this.checkBudgets(client);
    if (session === null || this.isKnownSession(session)) return;
    const limit = this.settings.unknownHeartbeatsPerClient;
    const unknown = [...(this.byClient.get(client) ?? [])].filter(
      (e) => e.kind === 'heartbeat' && e.session !== null && !this.isKnownSession(e.session),
    ).length;
    if (unknown < limit) return;
    throw new HttpError(
      429,
      `Session ${session} has not called this app yet, and ${client} already holds ${limit} heartbeats of such sessions ` +
        '(the limit). A heartbeat belongs to a session that uses the queue: call an endpoint with this session_hash first ' +
        '(POST /gradio_api/queue/join), then open its heartbeat.',
      undefined,
      false,
      RETRY_AFTER,
    );
  }

  private makeRoomForEvents(client: string): void {
    const mine = this.byClient.get(client);
    if (mine && mine.size >= this.settings.perClient) this.yieldHeartbeat(mine);
    if (this.open.size >= this.settings.total) this.yieldHeartbeat(this.open);
    this.checkBudgets(client);
  }

  /** Ends the oldest heartbeat among `entries`, if there is one. */
  private yieldHeartbeat(entries: Iterable<Entry>): void {
    for (const entry of entries) {
      if (entry.kind !== 'heartbeat') continue;
      this.close(entry);
      return;
    }
  }

  private checkBudgets(client: string): void {
    const { total, perClient } = this.settings;
    if (this.open.size >= total) {
      throw new HttpError(503, `Too many open streams on this server (limit ${total}). Try again shortly.`, undefined, false, RETRY_AFTER);
    }
    if ((this.byClient.get(client)?.size ?? 0) >= perClient) {
      throw new HttpError(
        429,
        `Too many open streams from ${client} (limit ${perClient} per client address). ` +
          'Close other tabs or clients of this demo that are connected to it, then try again.',
        undefined,
        false,
        RETRY_AFTER,
      );
    }
  }

  private close(entry: Entry): void {
    this.remove(entry);
    entry.end();
  }

  private remove(entry: Entry): void {
    if (!this.open.delete(entry)) return;
    const mine = this.byClient.get(entry.client);
    mine?.delete(entry);
    if (mine?.size === 0) this.byClient.delete(entry.client);
    if (entry.session !== null && this.heartbeats.get(entry.session) === entry) this.heartbeats.delete(entry.session);
  }
}
