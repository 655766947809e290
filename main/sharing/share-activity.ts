import type { ShareRequestEvent } from '../server/share/share-gate.js';
import type { ShareActivitySnapshot, ShareRequestRecord } from '../../preload/shared/share/share-api.js';

/**
 * What the owner's Share panel shows of a share link's use: how many visitors are there now and
 * the last requests that came through the gate. Kept in memory only, for the current share. No
 * secret is kept: the gate reports paths without their query (where the key rides), and visitors
 * appear under a short alias, never their cookie's id.
 */

export type { ShareActivitySnapshot, ShareRequestRecord };

/** A holder of the link's key without a cookie (an API client, or a browser's first visit): the gate's `address:<ip>`. */
function isKeyHolder(visitor: string | null): boolean {
  return visitor?.startsWith('address:') === true;
}

/** A visitor counts as "here now" for five minutes after their last request. */
export const ACTIVE_WINDOW_MS = 5 * 60_000;
const RECENT_LIMIT = 50;
const PATH_LIMIT = 160;

export class ShareActivity {
  private readonly recent: ShareRequestRecord[] = [];
  private readonly lastSeen = new Map<string, number>();
  private readonly aliases = new Map<string, string>();
  private total = 0;
  private browsers = 0;

  constructor(private readonly now: () => number = Date.now) {}

  record(event: ShareRequestEvent): void {
    this.total += 1;
    // A browser's first visit with the key in the link is granted as the key's holder and answered
    // with its own cookie (a 303): it is that new visitor arriving, not an API client.
    const landing = isKeyHolder(event.visitor) && event.status === 303;
    const visitor = event.visitor === null ? null : landing ? 'link opened' : this.alias(event.visitor);
    if (event.visitor !== null && !landing) this.lastSeen.set(event.visitor, event.at);
    this.recent.unshift({
      at: event.at,
      method: event.method,
      path: safePath(event.path),
      status: event.status,
      durationMs: Math.max(0, Math.round(event.durationMs)),
      visitor,
    });
    if (this.recent.length > RECENT_LIMIT) this.recent.length = RECENT_LIMIT;
  }

  snapshot(): ShareActivitySnapshot {
    const since = this.now() - ACTIVE_WINDOW_MS;
    let visitorsNow = 0;
    for (const at of this.lastSeen.values()) if (at >= since) visitorsNow += 1;
    return { visitorsNow, visitorsTotal: this.lastSeen.size, requestsTotal: this.total, recent: [...this.recent] };
  }

  private alias(visitor: string): string {
    let alias = this.aliases.get(visitor);
    if (alias === undefined) {
      alias = isKeyHolder(visitor) ? 'API client' : `visitor ${(this.browsers += 1)}`;
      this.aliases.set(visitor, alias);
    }
    return alias;
  }
}

/**
 * The path as shown: without any query (the gate sends none, but a key or token must never reach
 * the panel whatever a caller passes) and cut to a readable length.
 */
export function safePath(path: string): string {
  const bare = path.split(/[?#]/, 1)[0] ?? '';
  return bare.length > PATH_LIMIT ? `${bare.slice(0, PATH_LIMIT - 1)}…` : bare;
}
