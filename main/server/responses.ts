import type { ServerResponse } from 'node:http';
import { HttpError } from './http-error.js';

/** Small response writers; every JSON answer goes through here so headers stay consistent. */

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(text);
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  contentType = 'text/plain; charset=utf-8',
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...headers,
    'Content-Type': contentType,
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(text);
}

/**
 * Answers a failed request. HttpErrors carry their own status and detail; anything else is an
 * internal failure whose message stays in the log, never in the response.
 */
export function sendError(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    // Too late for a status line (e.g. an SSE stream already started): just end it.
    res.end();
    return;
  }
  if (error instanceof HttpError) {
    if (error.plainText) sendText(res, error.status, error.message, undefined, { ...error.headers });
    else sendJson(res, error.status, { detail: error.detail }, { ...error.headers });
    return;
  }
  sendJson(res, 500, { detail: 'Internal server error.' });
}
