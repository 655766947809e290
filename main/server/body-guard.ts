import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './responses.js';

/**
 * Slow request bodies (slowloris). Node cuts slow headers (headersTimeout) but gives a body until
 * requestTimeout (300 s), so a client could hold a connection open for five minutes by sending a
 * byte now and then. Here a body must bring at least `minBytesPerSecond × windowMs` bytes in every
 * window of `windowMs`, or have ended; otherwise it is answered 408 and its connection closed.
 *
 * The request handler guards every request that has a body, so every route (JSON bodies and
 * uploads, whatever parser reads them) is covered without reading in a special way. Progress is
 * measured on the socket (`bytesRead`), not with a 'data' listener, which would switch the request
 * into flowing mode under its reader. A window in which our own reader is behind (bytes waiting in
 * the request's buffer, e.g. an upload waiting for the disk) does not count against the client.
 *
 * A cut request looks to its reader like a client that went away: the socket is destroyed, so the
 * request emits 'aborted' and 'close' (and a piped parser gets an error). The 408 is already sent:
 * the reader must not answer again (sendError does nothing once headers are sent).
 */

export interface BodyGuardSettings {
  /** Length of one window; default 10 s. */
  readonly windowMs: number;
  /** Slowest body accepted, averaged over a window; default 1 KiB/s. */
  readonly minBytesPerSecond: number;
}

export const DEFAULT_BODY_GUARD: BodyGuardSettings = { windowMs: 10_000, minBytesPerSecond: 1024 };

/** Whether the request announces a body (a length above 0, or chunked). */
export function hasBody(req: Pick<IncomingMessage, 'headers'>): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && Number(length) !== 0);
}

function cut(req: IncomingMessage, res: ServerResponse, minBytes: number, windowMs: number): void {
  const socket = req.socket;
  if (res.headersSent) {
    socket.destroy();
    return;
  }
  res.once('finish', () => socket.destroy());
  sendJson(
    res,
    408,
    {
      detail:
        `The request body arrived too slowly: less than ${minBytes} bytes in ${windowMs / 1000} s. ` +
        'Send the whole body without pauses (the server closes connections that stall).',
    },
    { Connection: 'close' },
  );
}

/** Watches `req`'s body until it has arrived; cuts it when a window brings too little. */
export function guardBody(req: IncomingMessage, res: ServerResponse, settings: BodyGuardSettings = DEFAULT_BODY_GUARD): void {
  const { windowMs, minBytesPerSecond } = settings;
  const minBytes = Math.ceil((minBytesPerSecond * windowMs) / 1000);
  const socket = req.socket;
  let seen = socket.bytesRead;
  const timer = setInterval(() => {
    if (req.complete || socket.destroyed) {
      clearInterval(timer);
      return;
    }
    const read = socket.bytesRead;
    const arrived = read - seen;
    seen = read;
    if (arrived >= minBytes || req.readableLength > 0) return;
    clearInterval(timer);
    cut(req, res, minBytes, windowMs);
  }, windowMs);
  // The guard alone must never keep the process alive.
  timer.unref();
  req.once('close', () => clearInterval(timer));
}
