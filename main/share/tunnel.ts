import type { Duplex } from 'node:stream';
import type { TypedEvents } from '../common/typed-events.js';
import { AppError } from '../../preload/shared/errors.js';

/**
 * A tunnel makes the demo reachable at a public URL. Providers (ssh, ngrok) differ in how; they
 * agree on this shape. Each public connection is handed to `accept` as a Duplex stream; what
 * serves it (the share gate's own HTTP handler) is not the tunnel's business.
 *
 * States:
 *
 *   connecting ──► online ──(drop)──► reconnecting ──► online ...
 *       │             │                    │
 *       ▼             ▼ close()            ▼ (auth, host key: no retry)
 *     failed        closed               failed
 *
 * Every change is emitted on `events` ('state'); `failed` and `closed` are final.
 */
export type TunnelStep = 'dns' | 'connect' | 'host-key' | 'auth' | 'forward' | 'name-taken' | 'timeout';

export type TunnelState =
  | { readonly kind: 'connecting' }
  | { readonly kind: 'online'; readonly publicUrl: string }
  | { readonly kind: 'reconnecting'; readonly attempt: number; readonly delayMs: number; readonly reason: string }
  | { readonly kind: 'failed'; readonly step: TunnelStep; readonly message: string }
  | { readonly kind: 'closed' };

export interface TunnelEvents extends Record<string, unknown> {
  state: TunnelState;
}

export interface TunnelConnectionInfo {
  readonly remoteAddress?: string;
}

/** Receives each public connection; the stream is the visitor's TCP connection, end to end. */
export type TunnelAccept = (stream: Duplex, info: TunnelConnectionInfo) => void;

export interface Tunnel {
  readonly events: TypedEvents<TunnelEvents>;
  /**
   * Connects and resolves with the public URL once online. Rejects with a TunnelError naming the
   * step that failed, or a CancelledError when `signal` aborts first (the tunnel is then closed).
   */
  open(signal?: AbortSignal): Promise<{ publicUrl: string }>;
  /** Stops the tunnel (no more reconnects); resolves once the connection is gone. */
  close(): Promise<void>;
}

/** A tunnel that could not be opened (or kept): `step` says where, the message what to do. */
export class TunnelError extends AppError {
  override readonly name = 'TunnelError';
  constructor(
    readonly step: TunnelStep,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('TUNNEL_FAILED', message, options);
  }
}
