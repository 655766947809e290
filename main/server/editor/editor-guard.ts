import type { IncomingMessage } from 'node:http';
import { isLocalRequest } from '../admin/local-only.js';
import { clientAddress } from '../client-address.js';
import { HttpError } from '../http-error.js';

/**
 * The editor reads and writes files and runs code: only the person at this computer, in the
 * editor's own page, may reach it. Besides the server's Host check (DNS rebinding), every editor
 * request must come from a loopback socket (whatever its headers say), name a loopback Host with no
 * proxy headers (a tunnel adds them), and carry no foreign Origin: an Origin, when sent, must be
 * exactly the origin the request was addressed to (another port of localhost is another origin,
 * and browsers send it SameSite cookies as "same-site"). Writes must say their Origin (browsers
 * always do), unless they come from the app window. Fetch metadata, when sent, must say
 * same-origin (or `none`: a URL typed or opened from the terminal).
 */

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6. */
export function isLoopbackAddress(address: string): boolean {
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address);
}

/** The origin a request was addressed to: `http://` + its Host header. */
export function ownOrigin(req: IncomingMessage): string {
  return `http://${(req.headers.host ?? '').toLowerCase()}`;
}

const REFUSED = 'The editor is only available in its own page on the computer running `demo-desktop edit`.';

function isWrite(req: IncomingMessage): boolean {
  const method = (req.method ?? 'GET').toUpperCase();
  return method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
}

/**
 * 403 unless the request is local and same-origin (see above); `fromAppWindow`: it carries the app
 * token; `refused`: the sentence the 403 starts with (the home screen has its own).
 */
export function assertEditorRequest(req: IncomingMessage, fromAppWindow = false, refused: string = REFUSED): void {
  if (!isLoopbackAddress(clientAddress(req)) || !isLocalRequest(req)) throw new HttpError(403, refused);
  const origin = req.headers.origin;
  if (origin !== undefined && origin.toLowerCase() !== ownOrigin(req)) {
    throw new HttpError(403, `${refused} (a request from ${origin} is refused).`);
  }
  if (origin === undefined && isWrite(req) && !fromAppWindow) {
    throw new HttpError(403, `${refused} (a change must say its Origin).`);
  }
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') {
    throw new HttpError(403, `${refused} (a ${site} request is refused).`);
  }
}
