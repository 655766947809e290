import type { IncomingMessage } from 'node:http';
import { APP_TOKEN_HEADER } from '../gradio/context.js';
import { HttpError } from '../http-error.js';
import { secretMatches } from '../secret.js';
import { assertLocal } from './local-only.js';

/**
 * The admin surface (metrics, devices) needs two things: a local request (see local-only.ts) and
 * the per-launch admin secret, so another local program or a page that slips past the Host check
 * cannot read it. The secret comes as `Authorization: Bearer <token>` (scripts, Prometheus) or in
 * the app window's own header (the desktop uses one value for both).
 */

/** The secret a request carries, from `Authorization: Bearer` first, then the app-window header. */
export function sentAdminSecret(req: IncomingMessage): string | undefined {
  const authorization = req.headers.authorization;
  const bearer = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] : undefined;
  if (bearer) return bearer;
  const header = req.headers[APP_TOKEN_HEADER];
  return typeof header === 'string' && header !== '' ? header : undefined;
}

const MISSING =
  'This admin route needs the admin token: send "Authorization: Bearer <token>". ' +
  '`demo-desktop serve` prints the token when it starts ("Admin API token: ...").';
const WRONG =
  'The admin token is wrong: use the one this server printed when it started ("Admin API token: ..."); it changes on every launch.';

/** 403 for anything that is not local (whatever it sends), then 401 without the right secret. */
export function assertAdmin(req: IncomingMessage, adminToken: string): void {
  assertLocal(req);
  const sent = sentAdminSecret(req);
  if (secretMatches(sent, adminToken)) return;
  throw new HttpError(401, sent === undefined ? MISSING : WRONG, undefined, false, {
    'WWW-Authenticate': 'Bearer realm="demo-desktop admin"',
  });
}
