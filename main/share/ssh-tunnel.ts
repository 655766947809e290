import { userInfo } from 'node:os';
import { delay } from '../common/abort.js';
import { TypedEvents } from '../common/typed-events.js';
import { AppError, isCancelled, toAppError } from '../../preload/shared/errors.js';
import { backoffDelay } from './backoff.js';
import { knownHostsFile } from './known-hosts.js';
import { isPermanent } from './ssh-errors.js';
import { loadOrCreateSshKey, type SshKey } from './ssh-key.js';
import { connectSshSession, type SshSession } from './ssh-session.js';
import { parseSshTarget, type SshTarget } from './ssh-target.js';
import { TunnelError, type Tunnel, type TunnelAccept, type TunnelEvents, type TunnelState } from './tunnel.js';

export interface SshTunnelOptions {
  /** `ssh://[user@]host[:port]`, or SSH over a WebSocket to a share server's HTTP(S) port: `ssh+wss://` / `ssh+ws://`. */
  readonly target: string;
  /** Extra CA certificates (PEM) trusted for an `ssh+wss://` target (a self-signed or private CA). */
  readonly ca?: string | Buffer;
  /** The app's data folder: the key pair and known_hosts.json live in its `share/`. */
  readonly dataDir: string;
  readonly accept: TunnelAccept;
  /**
   * `sshd` (a stock OpenSSH server): the public URL is http://<host>:<bound port>.
   * `share-server` (ours): ask for `name` (or a new one) and learn the URL with exec `url`.
   */
  readonly server?: 'sshd' | 'share-server';
  /** sshd: the remote port to ask for (0, the default: the server picks, then kept across reconnects). */
  readonly remotePort?: number;
  /** sshd: the remote bind address ('' = as the server's GatewayPorts allows). */
  readonly bindAddr?: string;
  /** share-server: the name to ask for (a URL that outlives restarts); none: the server assigns one. */
  readonly name?: string;
  /** Each connection attempt must be done within this (default 30 s). */
  readonly timeoutMs?: number;
  readonly keepaliveIntervalMs?: number;
  readonly keepaliveCountMax?: number;
  readonly backoff?: { readonly baseMs?: number; readonly capMs?: number; readonly random?: () => number };
  /** The SSH user when the target names none (default: this machine's user, as `ssh` does). */
  readonly defaultUser?: string;
}

/** The name a share-server URL carries: its first host label (https://<name>.<domain>). */
function nameFromUrl(publicUrl: string): string {
  return new URL(publicUrl).hostname.split('.')[0] ?? '';
}

/**
 * The `ssh` tunnel provider: a reverse forward (`tcpip-forward`) over the pure-JS ssh2 client to
 * any SSH server, authenticated with the app's own key, the server's host key pinned on first use.
 * Keeps the tunnel up: SSH keep-alives detect a dead link, and after a drop it reconnects with
 * capped exponential backoff to the same remote port (sshd) or name (share server), so the public
 * URL stays the same. Auth and host-key failures stop it (retrying cannot fix them).
 */
export class SshTunnel implements Tunnel {
  readonly events = new TypedEvents<TunnelEvents>();
  private readonly target: SshTarget;
  private readonly stopper = new AbortController();
  private session: SshSession | undefined;
  private forward: { bindAddr: string; bindPort: number };
  private current: TunnelState = { kind: 'closed' };
  private opened = false;
  private keeping: Promise<void> = Promise.resolve();

  constructor(private readonly options: SshTunnelOptions) {
    this.target = parseSshTarget(options.target, options.defaultUser ?? userInfo().username);
    this.forward =
      options.server === 'share-server'
        ? { bindAddr: options.name ?? '', bindPort: 80 }
        : { bindAddr: options.bindAddr ?? '', bindPort: options.remotePort ?? 0 };
  }

  get state(): TunnelState {
    return this.current;
  }

  async open(signal?: AbortSignal): Promise<{ publicUrl: string }> {
    if (this.opened) throw new AppError('INVALID_INPUT', 'This tunnel was already opened; make a new one.');
    this.opened = true;
    this.setState({ kind: 'connecting' });
    const both = signal ? AbortSignal.any([signal, this.stopper.signal]) : this.stopper.signal;
    try {
      const key = await loadOrCreateSshKey(this.options.dataDir);
      const session = await this.connect(key, both);
      // keep() handles its own failures; a state listener that throws must not leave it unhandled.
      this.keeping = this.keep(session, key).catch((error: unknown) =>
        this.fail(new TunnelError('connect', toAppError(error).message, { cause: error })),
      );
      return { publicUrl: session.publicUrl };
    } catch (error) {
      if (isCancelled(error) || this.stopper.signal.aborted) {
        await this.close();
        throw toAppError(error);
      }
      const failure = error instanceof TunnelError ? error : new TunnelError('connect', toAppError(error).message, { cause: error });
      this.fail(failure);
      throw failure;
    }
  }

  async close(): Promise<void> {
    this.stopper.abort();
    await this.endSession();
    await this.keeping;
    // A reconnect that completed while close() waited is ended too.
    await this.endSession();
    if (this.current.kind !== 'failed' && this.current.kind !== 'closed') this.setState({ kind: 'closed' });
  }

  private async endSession(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    if (!session) return;
    session.end();
    await session.closed;
  }

  private async connect(key: SshKey, signal: AbortSignal): Promise<SshSession> {
    const session = await connectSshSession(
      {
        target: this.target,
        key,
        knownHostsFile: knownHostsFile(this.options.dataDir),
        ...(this.options.ca ? { ca: this.options.ca } : {}),
        forward: this.forward,
        askUrl: this.options.server === 'share-server',
        accept: this.options.accept,
        keepaliveIntervalMs: this.options.keepaliveIntervalMs ?? 15_000,
        keepaliveCountMax: this.options.keepaliveCountMax ?? 3,
        timeoutMs: this.options.timeoutMs ?? 30_000,
      },
      signal,
    );
    // Reconnects ask for what the first connection got, so the public URL stays the same.
    this.forward =
      this.options.server === 'share-server'
        ? { bindAddr: nameFromUrl(session.publicUrl), bindPort: 80 }
        : { bindAddr: this.forward.bindAddr, bindPort: session.boundPort };
    this.session = session;
    this.setState({ kind: 'online', publicUrl: session.publicUrl });
    return session;
  }

  /** Waits for each drop and reconnects until closed or a failure that retrying cannot fix. */
  private async keep(first: SshSession, key: SshKey): Promise<void> {
    let session = first;
    const signal = this.stopper.signal;
    while (!this.isStopped()) {
      let reason = await session.closed;
      if (this.isStopped()) return;
      this.session = undefined;
      for (let attempt = 1; ; attempt++) {
        const delayMs = backoffDelay(attempt, this.options.backoff);
        this.setState({ kind: 'reconnecting', attempt, delayMs, reason });
        try {
          await delay(delayMs, signal);
          session = await this.connect(key, signal);
          break;
        } catch (error) {
          if (this.isStopped()) return;
          const failure = error instanceof TunnelError ? error : new TunnelError('connect', toAppError(error).message);
          if (isPermanent(failure.step)) {
            this.fail(failure);
            return;
          }
          reason = failure.message;
        }
      }
    }
  }

  /** A method, not a narrowed field read: checks after an await must see an abort that happened meanwhile. */
  private isStopped(): boolean {
    return this.stopper.signal.aborted;
  }

  private fail(error: TunnelError): void {
    this.stopper.abort();
    this.setState({ kind: 'failed', step: error.step, message: error.message });
  }

  private setState(state: TunnelState): void {
    this.current = state;
    this.events.emit('state', state);
  }
}
