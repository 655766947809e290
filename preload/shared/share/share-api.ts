/**
 * The owner's Share panel API (main/server/share/routes-share.ts), as both sides see it: the
 * server's ShareController answers with these shapes, the page (renderer/runner/share/) reads them.
 */

/** The step a share failed at: the tunnel's steps, or `input` for an address that is not a share target. */
export type ShareStep = 'dns' | 'connect' | 'host-key' | 'auth' | 'forward' | 'name-taken' | 'timeout' | 'input';

export interface ShareRequestRecord {
  /** ms since the epoch, when the response was done. */
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly durationMs: number;
  /**
   * `visitor 1`, `visitor 2`… (browsers, by cookie), `API client` (the key as a Bearer), `link
   * opened` (a browser's first visit, exchanging the key for its cookie), or null for a refused request.
   */
  readonly visitor: string | null;
}

export interface ShareActivitySnapshot {
  /** Distinct visitors with a granted request within the last `activeWindowMs`. */
  readonly visitorsNow: number;
  /** Every visitor since the share started. */
  readonly visitorsTotal: number;
  readonly requestsTotal: number;
  /** Newest first. */
  readonly recent: readonly ShareRequestRecord[];
}

export type ShareState =
  | { readonly kind: 'off' }
  | { readonly kind: 'connecting' }
  | { readonly kind: 'online' }
  | { readonly kind: 'reconnecting'; readonly attempt: number; readonly delayMs: number; readonly reason: string }
  | {
      readonly kind: 'failed';
      readonly step: ShareStep;
      readonly message: string;
      /** With step `auth`: the line to add to the server's authorized_keys or allow-list. */
      readonly publicKey?: string;
    };

export interface ShareStatus {
  readonly state: ShareState;
  /** The current share's server address, else the one remembered from the last share. */
  readonly server: string | null;
  /** The current share's lifetime choice, else the remembered one (default 72). */
  readonly expiresHours: number;
  /** `<public URL>/?key=<key>` while online (and while reconnecting: the URL stays the same). */
  readonly link: string | null;
  readonly publicUrl: string | null;
  readonly expiresAt: number | null;
  readonly passcode: boolean;
  readonly activity: ShareActivitySnapshot;
}

/** `POST /api/share/start`. */
export interface ShareStartBody {
  readonly server: string;
  readonly expiresHours: number;
  readonly passcode?: string;
}
