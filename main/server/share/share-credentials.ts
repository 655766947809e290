import type { IncomingMessage } from 'node:http';
import { splitUrl } from '../router.js';
import { SHARE_COOKIE, type Credential } from './share-access.js';

/**
 * Where a request may carry a share link's access: the link's `?key=`, `Authorization: Bearer
 * <key>` (API clients: `@gradio/client`'s `headers` or `token` option), or the cookie a browser got
 * on its first visit.
 */

export function readCredentials(req: IncomingMessage): Credential[] {
  const found: Credential[] = [];
  // Cookies first: a browser that holds one stays that visitor when a request also carries the key.
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const mark = part.indexOf('=');
    if (mark !== -1 && part.slice(0, mark).trim() === SHARE_COOKIE) found.push({ kind: 'cookie', value: part.slice(mark + 1).trim() });
  }
  const key = splitUrl(req.url).query.get('key');
  if (key !== null) found.push({ kind: 'key', value: key });
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
  if (bearer !== undefined) found.push({ kind: 'bearer', value: bearer });
  return found;
}

/** The visitor's cookie: script cannot read it, other sites' requests do not carry it (Lax), https only when the link is. */
export function shareCookie(value: string, secure: boolean): string {
  return `${SHARE_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}
