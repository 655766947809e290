import { createHmac, randomBytes } from 'node:crypto';
import { secretMatches } from '../secret.js';

/**
 * Who may use a share link: the holder of its access key. The key (32 random bytes, base64url)
 * rides in the link (`?key=`), in `Authorization: Bearer`, or, after a browser's first visit, in
 * a cookie that names one visitor and is signed with the key. A new key (revoke) therefore ends
 * every old link and cookie at once; past the expiry, holders of the key get "expired" instead.
 */

export const SHARE_COOKIE = 'dd_share';
/** Default lifetime of a link: 72 hours, as Gradio's. */
export const DEFAULT_SHARE_LIFETIME_MS = 72 * 60 * 60 * 1000;

export type Credential =
  | { readonly kind: 'key'; readonly value: string }
  | { readonly kind: 'bearer'; readonly value: string }
  | { readonly kind: 'cookie'; readonly value: string }
  | { readonly kind: 'none' };

export type Verdict =
  /** `visitor`: a stable name for the caller (a browser's cookie, or the key's holder as an API client). */
  { readonly kind: 'granted'; readonly visitor: string } | { readonly kind: 'denied' } | { readonly kind: 'expired' };

export interface ShareAccessOptions {
  /** Lifetime from now, in ms; null never expires. Default 72 h. */
  readonly lifetimeMs?: number | null;
  /** A clock, for tests. */
  readonly now?: () => number;
}

/** The holder of the bare key (the link's `?key=`, a Bearer header): the gate names it by its address. */
export const KEY_HOLDER = 'key-holder';

const VISITOR_ID = /^[A-Za-z0-9_-]{16,64}$/;

function newKey(): string {
  return randomBytes(32).toString('base64url');
}

export class ShareAccess {
  private currentKey = newKey();
  private expiresAtMs: number | null;
  private readonly now: () => number;

  constructor(options: ShareAccessOptions = {}) {
    this.now = options.now ?? Date.now;
    this.expiresAtMs = this.expiryFrom(options.lifetimeMs === undefined ? DEFAULT_SHARE_LIFETIME_MS : options.lifetimeMs);
  }

  get key(): string {
    return this.currentKey;
  }

  /** When the link stops working (ms since the epoch), or null for never. */
  get expiresAt(): number | null {
    return this.expiresAtMs;
  }

  /** A new key: every earlier link and cookie stops working now. The lifetime starts again. */
  revoke(lifetimeMs: number | null = DEFAULT_SHARE_LIFETIME_MS): string {
    this.currentKey = newKey();
    this.expiresAtMs = this.expiryFrom(lifetimeMs);
    return this.currentKey;
  }

  /** The link expires `lifetimeMs` from now (null: never); the key stays. */
  setExpiry(lifetimeMs: number | null): void {
    this.expiresAtMs = this.expiryFrom(lifetimeMs);
  }

  /** A fresh visitor's cookie value: `<visitor id>.<HMAC of it under the key>`. */
  issueCookie(): { value: string; visitor: string } {
    const visitor = randomBytes(18).toString('base64url');
    return { value: `${visitor}.${this.sign(visitor)}`, visitor };
  }

  get expired(): boolean {
    return this.expiresAtMs !== null && this.now() >= this.expiresAtMs;
  }

  judge(credential: Credential): Verdict {
    const visitor = this.holder(credential);
    if (visitor === null) return { kind: 'denied' };
    if (this.expired) return { kind: 'expired' };
    return { kind: 'granted', visitor };
  }

  /** The best verdict any of the credentials earns: granted (by the first that grants), else expired, else denied. */
  judgeAny(credentials: readonly Credential[]): Verdict {
    let best: Verdict = { kind: 'denied' };
    for (const credential of credentials) {
      const verdict = this.judge(credential);
      if (verdict.kind === 'granted') return verdict;
      if (verdict.kind === 'expired') best = verdict;
    }
    return best;
  }

  /** The visitor a valid credential names, or null. */
  private holder(credential: Credential): string | null {
    switch (credential.kind) {
      case 'key':
      case 'bearer':
        // Key holders without a cookie (API clients) are one visitor per key.
        return secretMatches(credential.value, this.currentKey) ? KEY_HOLDER : null;
      case 'cookie': {
        const [visitor = '', mac = ''] = credential.value.split('.');
        if (!VISITOR_ID.test(visitor)) return null;
        return secretMatches(mac, this.sign(visitor)) ? `cookie:${visitor}` : null;
      }
      case 'none':
        return null;
    }
  }

  private sign(visitor: string): string {
    return createHmac('sha256', this.currentKey).update(visitor).digest('base64url');
  }

  private expiryFrom(lifetimeMs: number | null): number | null {
    return lifetimeMs === null ? null : this.now() + lifetimeMs;
  }
}
