import type { ServerResponse } from 'node:http';

/**
 * One Server-Sent Events response. Every event is a single `data:` line plus a blank line: the
 * JS client parses each event with JSON.parse inside an async callback, so an event without a
 * `data` line becomes an unhandled rejection that kills Node (doc §1.6).
 */
export interface SseWriterOptions {
  /** Called every `heartbeatMs` while open to write a keep-alive; null for no heartbeat. */
  readonly heartbeat: ((writer: SseWriter) => void) | null;
  readonly heartbeatMs: number;
}

/**
 * How far a client may fall behind its stream, in bytes written and not yet taken by its socket,
 * before the stream is cut as if it had gone away (its events are then stopped). Node keeps
 * whatever a response is given, so a client that opens a stream and never reads it would
 * otherwise hold the server's memory without bound: a chat history of 4 MB, resent whole with
 * each of a reply's tokens, grew the server by 1 GB for three calls.
 */
export const MAX_UNSENT_STREAM_BYTES = 32 * 1024 * 1024;

export class SseWriter {
  private timer: NodeJS.Timeout | null = null;
  private ended = false;
  private corked = false;
  /** The text written in this tick, handed to the response in one write when the tick ends (batchWrites). */
  private pending = '';
  private readonly closeListeners: (() => void)[] = [];

  constructor(
    private readonly res: ServerResponse,
    options: SseWriterOptions,
  ) {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      // No Connection header of our own: Node then writes `Connection: keep-alive` and the server's
      // `Keep-Alive: timeout=N` hint itself (or `close` where the client asked for it). With the
      // hint, a keep-alive client (Node's Agent, undici) retires the socket a second before the
      // server's keepAliveTimeout closes it; without it, a client that reused the socket after a
      // stream sat idle for keepAliveTimeout raced the server's close and got `socket hang up`
      // (seen in the benches at 64 callers, session 28).
      // Proxies and tunnels must not buffer the stream.
      'X-Accel-Buffering': 'no',
    });
    // Corked first, so the headers leave in the same write as this tick's messages.
    this.batchWrites();
    res.flushHeaders();
    // Disconnects show up as 'close' on the response before we ended it ourselves.
    res.once('close', () => {
      const byPeer = !this.ended;
      this.stop();
      if (byPeer) for (const listener of this.closeListeners) listener();
    });
    const heartbeat = options.heartbeat;
    if (heartbeat) {
      this.timer = setInterval(() => heartbeat(this), options.heartbeatMs);
      // A heartbeat alone must never keep the process alive.
      this.timer.unref();
    }
  }

  get isOpen(): boolean {
    return !this.ended;
  }

  /** Called once if the peer goes away before `end()`. */
  onDisconnect(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  /**
   * One message; `id` becomes the event's `id:` line, which a reconnecting client sends back as
   * Last-Event-ID (a stream that can resume, main/server/queue-front/stream-cursor.ts).
   */
  send(message: unknown, id?: string): void {
    // JSON.stringify escapes CR and LF inside strings and adds no line breaks of its own: the
    // payload is one line as it is, with no scan over it (a model's output is kilobytes of JSON).
    const idLine = id === undefined ? '' : `id: ${id.replace(/[\r\n\0]+/g, '')}\n`;
    this.writeRaw(`${idLine}data: ${JSON.stringify(message)}\n\n`);
  }

  /** Writes a raw `data:` payload (the heartbeat route sends the bare word ALIVE). */
  writeData(payload: string): void {
    this.writeRaw(`data: ${payload.replace(/[\r\n]+/g, ' ')}\n\n`);
  }

  /**
   * A named event (the /call protocol's `event: complete`). It always carries a `data:` line,
   * for the same reason as above.
   */
  writeEvent(name: string, payload: string): void {
    this.writeRaw(`event: ${name.replace(/[\r\n]+/g, '')}\ndata: ${payload.replace(/[\r\n]+/g, ' ')}\n\n`);
  }

  private writeRaw(text: string): void {
    if (this.ended) return;
    this.batchWrites();
    this.pending += text;
  }

  /**
   * Everything written in this tick (the headers and the buffered messages of a new stream;
   * process_completed, close_stream and the end of the response) leaves in one write: one
   * syscall and one wake-up of the client instead of one per message. Flushed on nextTick, so
   * nothing waits. The tick's messages also go to the response as one text, so one HTTP chunk:
   * each `res.write` of a chunked response is four pieces for the socket's writev (the length,
   * CRLF, the text, CRLF), each converted and copied on its own.
   */
  private batchWrites(): void {
    if (this.corked) return;
    this.corked = true;
    this.res.cork();
    process.nextTick(() => {
      this.corked = false;
      this.writePending();
      // end() uncorks fully itself; after it the socket may already serve another response.
      if (!this.res.writableEnded) this.res.uncork();
    });
  }

  /** Hands the tick's text to the response (nothing once the response is over: the peer is gone). */
  private writePending(): void {
    const text = this.pending;
    if (text === '') return;
    this.pending = '';
    if (this.ended) return;
    this.res.write(text);
    // A reader this far behind is not reading: cut it ('close' then tells the listeners it is gone).
    if (this.res.writableLength > MAX_UNSENT_STREAM_BYTES) this.res.destroy();
  }

  end(): void {
    if (this.ended) return;
    this.writePending();
    this.stop();
    this.res.end();
  }

  private stop(): void {
    this.ended = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
