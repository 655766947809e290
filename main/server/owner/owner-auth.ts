import type { IncomingMessage } from 'node:http';
import { assertLocal, isLocalRequest } from '../admin/local-only.js';
import { sentAdminSecret } from '../admin/admin-auth.js';
import { EditorAuth } from '../editor/editor-auth.js';
import { HttpError } from '../http-error.js';
import { secretMatches } from '../secret.js';

/**
 * The owner of a served demo: the person at this computer who opened it. The owner's window gets
 * the first turn in the queue and the owner-only parts of the page (Share, the whole history, the
 * dashboard). A request is the owner's when it is local (loopback Host, no proxy headers) and
 * carries the Electron window's per-launch header or the owner cookie, which a one-time link
 * (`ownerLoginUrl`, shown by `open`, the desk and `serve`) sets: the same one-time-token sign-in
 * as the editor's (EditorAuth). A share link's visitors are never the owner: the share surface is
 * given no OwnerAuth at all.
 */

/** The path of the one-time owner sign-in link: `GET /owner?token=...` sets the cookie and goes to `/`. */
export const OWNER_LOGIN_PATH = '/owner';

export interface OwnerAuthOptions {
  /** The demo server's port: the cookie is named after it, since browsers share cookies across the ports of a host. */
  readonly port: () => number;
  /** The Electron window's per-launch secret (x-demo-desktop-app). */
  readonly appToken?: string;
  /** How long an unused sign-in link stays good; default 5 minutes. */
  readonly tokenTtlMs?: number;
  readonly now?: () => number;
}

export class OwnerAuth {
  private readonly auth: EditorAuth;

  constructor(options: OwnerAuthOptions) {
    this.auth = new EditorAuth({
      cookieName: () => `demo_desktop_owner_${options.port()}`,
      ...(options.appToken !== undefined ? { appToken: options.appToken } : {}),
      ...(options.tokenTtlMs !== undefined ? { tokenTtlMs: options.tokenTtlMs } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
  }

  /** A new one-time sign-in token for `${url}owner?token=...`. */
  issueToken(): string {
    return this.auth.issueToken();
  }

  /** Spends a token: the Set-Cookie value of a new owner session, or null when it is unknown, spent or expired. */
  signIn(token: string): string | null {
    const secret = this.auth.exchange(token);
    return secret === null ? null : this.auth.cookie(secret);
  }

  /** The owner's window: a local request with the app header or a live owner cookie. */
  isOwner(req: IncomingMessage): boolean {
    return isLocalRequest(req) && this.auth.isAuthorized(req);
  }
}

const NOT_OWNER =
  'Only the person who opened this demo can use this: open it from demo-desktop (its window, or the owner link ' +
  '`demo-desktop serve` prints), or send the admin token as "Authorization: Bearer <token>".';

/** 403 unless local; 401 unless the owner's window or the admin token (scripts). */
export function assertOwner(req: IncomingMessage, owner: OwnerAuth | undefined, adminToken: string): void {
  assertLocal(req);
  if (owner?.isOwner(req) === true) return;
  if (secretMatches(sentAdminSecret(req), adminToken)) return;
  throw new HttpError(401, NOT_OWNER);
}
