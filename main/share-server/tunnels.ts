import type { Duplex } from 'node:stream';
import { TokenBucket } from './rate-limit.js';

export interface TunnelLimits {
  /** Public connections (HTTP requests in flight and WebSockets) open at once through one tunnel. */
  readonly maxConnections: number;
  /** Requests (and upgrades) a minute through one tunnel, with bursts up to the same number. */
  readonly requestsPerMinute: number;
}

export type Admission = { ok: true; release: () => void } | { ok: false; reason: 'connections' | 'rate'; retryAfterS: number };

/** The client side of one tunnel: opens a channel to the demo's computer for one public connection. */
export type ChannelOpener = (remote: { address: string; port: number }) => Promise<Duplex>;

/** One live tunnel: a name served by one SSH connection, with its own limits. */
export class Tunnel {
  private active = 0;
  private readonly bucket: TokenBucket;

  constructor(
    readonly name: string,
    readonly owner: string,
    readonly open: ChannelOpener,
    private readonly limits: TunnelLimits,
    /** Monotonic: the rate must not jump when the wall clock is set. */
    private readonly now: () => number = () => performance.now(),
  ) {
    this.bucket = new TokenBucket(limits.requestsPerMinute, now());
  }

  /** Admits one more request (rate limit) on one more connection (connection limit), or says why not. */
  admit(): Admission {
    if (this.active >= this.limits.maxConnections) return { ok: false, reason: 'connections', retryAfterS: 1 };
    const wait = this.bucket.take(this.now());
    if (wait > 0) return { ok: false, reason: 'rate', retryAfterS: wait };
    this.active += 1;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.active -= 1;
      },
    };
  }

  get activeConnections(): number {
    return this.active;
  }
}

/** The live tunnels by name. A name has at most one; a newer tunnel of the same owner replaces the older. */
export class TunnelRegistry {
  private readonly byName = new Map<string, Tunnel>();

  get(name: string): Tunnel | undefined {
    return this.byName.get(name);
  }

  /** Adds a tunnel; returns the one it replaced (the same key reconnecting before its old connection died). */
  add(tunnel: Tunnel): Tunnel | undefined {
    const previous = this.byName.get(tunnel.name);
    this.byName.set(tunnel.name, tunnel);
    return previous;
  }

  /** Removes this tunnel if it still holds its name (a replaced tunnel removes nothing). */
  remove(tunnel: Tunnel): boolean {
    if (this.byName.get(tunnel.name) !== tunnel) return false;
    this.byName.delete(tunnel.name);
    return true;
  }

  names(): Set<string> {
    return new Set(this.byName.keys());
  }
}
