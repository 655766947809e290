import { lookup } from 'node:dns/promises';
import net from 'node:net';
import type { Listener, Session } from '@ngrok/ngrok';
import { packageVersion } from '../common/package-root.js';
import { TypedEvents } from '../common/typed-events.js';
import { AppError, CancelledError, isCancelled } from '../../preload/shared/errors.js';
import { classifyNgrokError, type NgrokPhase } from './ngrok-errors.js';
import { loadNgrok, type NgrokModule } from './ngrok-loader.js';
import { TunnelError, type Tunnel, type TunnelAccept, type TunnelEvents, type TunnelState } from './tunnel.js';

/** Where ngrok's agents connect unless told otherwise (ngrok's `server_addr` default). */
export const NGROK_SERVER_ADDR = 'connect.ngrok-agent.com:443';

export interface NgrokTunnelOptions {
  /** The user's own ngrok authtoken; else `env.NGROK_AUTHTOKEN`. Never logged or shown. */
  readonly authtoken?: string;
  readonly accept: TunnelAccept;
  /** Connecting (dns to public URL) must be done within this (default 30 s). */
  readonly timeoutMs?: number;
  /** ngrok's connect address (`server_addr`): host:port; the default is ngrok's own service. */
  readonly serverAddr?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** How `@ngrok/ngrok` is loaded (tests load a copy without its native module). */
  readonly load?: () => Promise<NgrokModule>;
}

interface Live {
  readonly session: Session;
  readonly listener: Listener;
  readonly local: net.Server;
}

/**
 * The opt-in `ngrok` provider, through `@ngrok/ngrok` with the user's own authtoken: an HTTP
 * endpoint on ngrok's service whose connections ngrok's agent forwards to a loopback server of
 * ours, and each of those goes to `accept` (the share gate), as an ssh tunnel's channels do.
 * The module is loaded on open, never before (its native part exists for some platforms only).
 * ngrok's agent reconnects by itself: its disconnections are reported as `reconnecting`, its
 * next heartbeat as `online` again.
 */
export class NgrokTunnel implements Tunnel {
  readonly events = new TypedEvents<TunnelEvents>();
  private readonly stopper = new AbortController();
  private readonly serverAddr: string;
  private live: Live | undefined;
  private current: TunnelState = { kind: 'closed' };
  private publicUrl = '';
  private attempt = 0;
  private opened = false;

  constructor(private readonly options: NgrokTunnelOptions) {
    this.serverAddr = options.serverAddr ?? NGROK_SERVER_ADDR;
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
      const authtoken = this.authtoken();
      const ngrok = await loadNgrok(this.options.load);
      this.live = await this.connect(ngrok, authtoken, both);
      this.publicUrl = this.live.listener.url() ?? '';
      this.setState({ kind: 'online', publicUrl: this.publicUrl });
      return { publicUrl: this.publicUrl };
    } catch (error) {
      if (isCancelled(error)) {
        await this.close();
        throw error;
      }
      const failure = error instanceof TunnelError ? error : classifyNgrokError(error, 'session', this.serverAddr);
      this.stopper.abort();
      this.setState({ kind: 'failed', step: failure.step, message: failure.message });
      throw failure;
    }
  }

  async close(): Promise<void> {
    this.stopper.abort();
    const live = this.live;
    this.live = undefined;
    if (live) await shutDown(live);
    if (this.current.kind !== 'failed' && this.current.kind !== 'closed') this.setState({ kind: 'closed' });
  }

  private authtoken(): string {
    const token = this.options.authtoken ?? (this.options.env ?? process.env).NGROK_AUTHTOKEN;
    if (token?.trim()) return token.trim();
    throw new TunnelError(
      'auth',
      'ngrok needs your own authtoken: give --ngrok-authtoken <token> or set NGROK_AUTHTOKEN ' +
        '(copy it from https://dashboard.ngrok.com/get-started/your-authtoken; demo-desktop ships none).',
    );
  }

  /** dns → session (TLS + authtoken) → HTTP endpoint → forwarding to our loopback server, within the timeout. */
  private async connect(ngrok: NgrokModule, authtoken: string, signal: AbortSignal): Promise<Live> {
    let phase: NgrokPhase = 'dns';
    const guard = guardWith(signal, this.options.timeoutMs ?? 30_000, () => phase, this.serverAddr);
    let session: Session | undefined;
    let abandoned = false;
    const local = await listenLocally(this.options.accept);
    try {
      await guard.run(lookup(this.serverAddr.replace(/:\d+$/, '').replace(/^\[|\]$/g, '')));
      phase = 'session';
      const pending = this.sessionBuilder(ngrok, authtoken).connect();
      // ngrok's connect cannot be cancelled: a session that connects after the timeout or a cancel is closed at once.
      pending.then(
        (late) => abandoned && void late.close(),
        () => undefined,
      );
      session = await guard.run(pending);
      phase = 'listen';
      const listener = await guard.run(session.httpEndpoint().forwardsTo('demo-desktop share gate').listen(false));
      const { port } = local.address() as net.AddressInfo;
      listener.forward(`127.0.0.1:${port}`).catch(() => undefined);
      return { session, listener, local };
    } catch (error) {
      abandoned = true;
      await Promise.allSettled([session?.close(), closeServer(local)]);
      if (isCancelled(error)) throw error;
      throw classifyNgrokError(error, phase, this.serverAddr);
    } finally {
      guard.dispose();
    }
  }

  private sessionBuilder(ngrok: NgrokModule, authtoken: string): InstanceType<NgrokModule['SessionBuilder']> {
    const builder = new ngrok.SessionBuilder().authtoken(authtoken).clientInfo('demo-desktop', packageVersion());
    if (this.options.serverAddr) builder.serverAddr(this.options.serverAddr);
    builder.handleDisconnection((_addr, error) => {
      if (this.stopper.signal.aborted) return false;
      this.attempt += 1;
      this.setState({ kind: 'reconnecting', attempt: this.attempt, delayMs: 0, reason: error });
      return true;
    });
    builder.handleHeartbeat(() => {
      if (this.current.kind !== 'reconnecting' || this.stopper.signal.aborted) return;
      this.attempt = 0;
      this.setState({ kind: 'online', publicUrl: this.publicUrl });
    });
    return builder;
  }

  private setState(state: TunnelState): void {
    this.current = state;
    this.events.emit('state', state);
  }
}

/** The loopback server ngrok's agent forwards to: each connection goes to `accept`. */
function listenLocally(accept: TunnelAccept): Promise<net.Server> {
  const server = net.createServer({ noDelay: true }, (socket) => {
    try {
      accept(socket, {});
    } catch {
      socket.destroy();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function closeServer(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

async function shutDown(live: Live): Promise<void> {
  await Promise.allSettled([live.listener.close(), live.session.close()]);
  await closeServer(live.local);
}

/** Races each step against the cancel signal and one overall timer (step timeout, naming the phase). */
function guardWith(
  signal: AbortSignal,
  timeoutMs: number,
  phase: () => NgrokPhase,
  serverAddr: string,
): { run<T>(promise: Promise<T>): Promise<T>; dispose(): void } {
  let fail: (error: Error) => void = () => undefined;
  const stop = new Promise<never>((_, reject) => (fail = reject));
  stop.catch(() => undefined);
  const onAbort = (): void => fail(new CancelledError('Opening the share tunnel was cancelled.'));
  const timer = setTimeout(() => {
    const what = { dns: "resolving ngrok's server", session: 'connecting and signing in', listen: 'asking for the public endpoint' }[
      phase()
    ];
    fail(
      new TunnelError(
        'timeout',
        `No answer from ngrok at ${serverAddr} within ${Math.round(timeoutMs / 1000)} s while ${what}. Check the network; a firewall may drop the traffic.`,
      ),
    );
  }, timeoutMs);
  if (signal.aborted) onAbort();
  signal.addEventListener('abort', onAbort, { once: true });
  return {
    run: (promise) => Promise.race([promise, stop]),
    dispose: () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    },
  };
}
