import type { IncomingMessage } from 'node:http';
import { isLoopbackName, parseHost } from '../host-guard.js';
import { HttpError } from '../http-error.js';

/**
 * The editor and admin API are for the person at this computer, never for share-link visitors.
 * A request is local when it names a loopback host and carries no proxy headers: a tunnel either
 * keeps the public Host (not loopback) or rewrites it and adds X-Forwarded-*.
 */
export function isLocalRequest(req: IncomingMessage): boolean {
  const host = parseHost(req.headers.host ?? '');
  if (!host || !isLoopbackName(host.hostname)) return false;
  return !Object.keys(req.headers).some((name) => name.startsWith('x-forwarded-') || name === 'forwarded' || name === 'via');
}

export function assertLocal(req: IncomingMessage): void {
  if (!isLocalRequest(req)) throw new HttpError(403, 'This part of the API is only available on the computer running the demo.');
}
