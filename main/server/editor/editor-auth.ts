import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { APP_TOKEN_HEADER } from '../gradio/context.js';
import { secretMatches } from '../secret.js';

/**
 * Who may use the editor (Jupyter's convention): `demo-desktop edit` prints a URL with a one-time
 * token; `GET /editor?token=...` trades it for a session cookie (HttpOnly, SameSite=Strict, Path=/)
 * and the token is spent. A token is 32 random bytes, good once, and expires when it was not used
 * within `tokenTtlMs` (5 minutes). The Electron window instead sends its per-launch app token in
 * the `x-demo-desktop-app` header. Tokens and session secrets are kept only as SHA-256 digests, so
 * lookups compare digests (no timing hint about the secret) and a heap dump holds no usable value.
 */

export const TOKEN_TTL_MS = 5 * 60_000;

export interface EditorAuthOptions {
  /** The session cookie's name; one per port, since browsers share cookies between ports of a host. */
  readonly cookieName: () => string;
  /** The Electron window's per-launch secret (APP_TOKEN_HEADER); none for `demo-desktop edit`. */
  readonly appToken?: string;
  readonly tokenTtlMs?: number;
  readonly now?: () => number;
}

const digest = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');

/** The value of one cookie in a Cookie header, or undefined. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export class EditorAuth {
  /** Token digest → when it expires. */
  private readonly tokens = new Map<string, number>();
  private readonly sessions = new Set<string>();
  private readonly now: () => number;
  private readonly ttlMs: number;

  constructor(private readonly options: EditorAuthOptions) {
    this.now = options.now ?? (() => Date.now());
    this.ttlMs = options.tokenTtlMs ?? TOKEN_TTL_MS;
  }

  get cookieName(): string {
    return this.options.cookieName();
  }

  /** A new one-time token (base64url of 32 random bytes) for the login URL. */
  issueToken(): string {
    this.sweep();
    const token = randomBytes(32).toString('base64url');
    this.tokens.set(digest(token), this.now() + this.ttlMs);
    return token;
  }

  /** Spends a token: the new session's secret (for the cookie), or null when it is unknown, used or expired. */
  exchange(token: string): string | null {
    this.sweep();
    const key = digest(token);
    if (!this.tokens.delete(key)) return null;
    const secret = randomBytes(32).toString('base64url');
    this.sessions.add(digest(secret));
    return secret;
  }

  /** The Set-Cookie value of a session. No Max-Age: it ends with the browser session (and the server). */
  cookie(secret: string): string {
    return `${this.cookieName}=${secret}; HttpOnly; SameSite=Strict; Path=/`;
  }

  /** Whether the request carries a live session cookie or the app window's header. */
  isAuthorized(req: IncomingMessage): boolean {
    const { appToken } = this.options;
    const header = req.headers[APP_TOKEN_HEADER];
    if (appToken && typeof header === 'string' && secretMatches(header, appToken)) return true;
    const secret = cookieValue(req.headers.cookie, this.cookieName);
    return secret !== undefined && secret !== '' && this.sessions.has(digest(secret));
  }

  /** Whether the request is authorized by the app window's header (not by a cookie). */
  isAppWindow(req: IncomingMessage): boolean {
    const { appToken } = this.options;
    const header = req.headers[APP_TOKEN_HEADER];
    return appToken !== undefined && typeof header === 'string' && secretMatches(header, appToken);
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, expires] of this.tokens) if (expires <= now) this.tokens.delete(key);
  }
}
