import { lookup } from 'node:dns/promises';
import net from 'node:net';
import ssh2 from 'ssh2';
import { CancelledError, isCancelled } from '../../preload/shared/errors.js';
import { checkHostKey } from './known-hosts.js';
import { classifySshError, type SshErrorContext, type SshPhase } from './ssh-errors.js';
import type { SshKey } from './ssh-key.js';
import type { SshTarget } from './ssh-target.js';
import { TunnelError, type TunnelAccept } from './tunnel.js';

export interface SshSessionOptions {
  readonly target: SshTarget;
  readonly key: SshKey;
  readonly knownHostsFile: string;
  /** What `tcpip-forward` asks for: for a stock sshd an address and port (0: any), for our share server a name and 80. */
  readonly forward: { readonly bindAddr: string; readonly bindPort: number };
  /** Ask the server for the public URL with exec `url` (our share server) instead of building it. */
  readonly askUrl: boolean;
  readonly accept: TunnelAccept;
  readonly keepaliveIntervalMs: number;
  readonly keepaliveCountMax: number;
  /** The whole connection (dns to public URL) must be done within this time. */
  readonly timeoutMs: number;
}

/** One live SSH connection with its remote forward. */
export interface SshSession {
  readonly publicUrl: string;
  readonly boundPort: number;
  /** Resolves (never rejects) when the connection is gone, with why. */
  readonly closed: Promise<string>;
  /** Ends the connection; `closed` resolves once it is gone. */
  end(): void;
}

/** How long end() waits for the server to close its side before dropping the connection. */
const END_GRACE_MS = 2000;

const PHASE_TEXT: Record<SshPhase, string> = {
  dns: 'resolving its host name',
  connect: 'opening the TCP connection',
  handshake: 'exchanging keys',
  auth: 'authenticating',
  forward: 'asking for the remote forward',
  url: 'asking for the public URL',
};

function connectSocket(host: string, port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.off('error', reject);
      socket.setNoDelay(true);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Resolves once the client is authenticated; rejects with the host-key pin's error when that failed. */
function handshake(client: ssh2.Client, socket: net.Socket, options: SshSessionOptions, onAuth: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let hostKeyError: Error | undefined;
    const hostVerifier: ssh2.HostVerifier = (key, verify) => {
      checkHostKey(options.knownHostsFile, options.target.hostPort, key).then(
        () => {
          onAuth();
          verify(true);
        },
        (error: unknown) => {
          hostKeyError = error instanceof Error ? error : new Error(String(error));
          verify(false);
        },
      );
    };
    client.once('ready', () => resolve());
    client.once('error', (error) => reject(hostKeyError ?? error));
    client.once('close', () => reject(hostKeyError ?? new Error('the server closed the connection during the handshake')));
    client.connect({
      sock: socket,
      username: options.target.user,
      privateKey: options.key.privateKey,
      hostVerifier,
      authHandler: ['publickey'],
      keepaliveInterval: options.keepaliveIntervalMs,
      keepaliveCountMax: options.keepaliveCountMax,
      readyTimeout: 0,
    });
  });
}

function forwardIn(client: ssh2.Client, bindAddr: string, bindPort: number): Promise<number> {
  return new Promise((resolve, reject) => {
    client.forwardIn(bindAddr, bindPort, (error, port) => (error ? reject(error) : resolve(port || bindPort)));
  });
}

/** Our share server answers exec `url` with one line: the public URL. */
function askUrl(client: ssh2.Client): Promise<string> {
  return new Promise((resolve, reject) => {
    client.exec('url', (error, stream) => {
      if (error) {
        reject(error);
        return;
      }
      let out = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (out += chunk));
      stream.stderr.resume();
      stream.once('close', () => {
        // One line per forward of this connection; this client asks for one.
        const url = out.trim().split('\n')[0]?.trim() ?? '';
        if (/^https?:\/\/\S+$/.test(url)) resolve(url);
        else reject(new Error(`the server answered "url" with ${JSON.stringify(url.slice(0, 200))}, not a URL`));
      });
    });
  });
}

/** A throwing accept callback costs that one visitor's connection, never the tunnel. */
function handOver(accept: TunnelAccept, stream: ssh2.ClientChannel, remoteAddress: string): void {
  try {
    accept(stream, { remoteAddress });
  } catch {
    stream.destroy();
  }
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Connects once: dns → TCP → SSH handshake with the pinned host key → public-key auth →
 * `tcpip-forward` → the public URL. Each incoming forwarded connection goes to `options.accept`.
 * Any failure is a TunnelError naming the phase's step; running out of `timeoutMs` is step
 * `timeout` naming the phase; `signal` aborting is a CancelledError. Nothing is left open on failure.
 */
export async function connectSshSession(options: SshSessionOptions, signal?: AbortSignal): Promise<SshSession> {
  const { forward } = options;
  const name = options.askUrl && forward.bindAddr ? forward.bindAddr : undefined;
  const context: SshErrorContext = {
    target: options.target,
    publicKeyFile: options.key.publicKeyFile,
    forward: { ...forward, ...(name ? { name } : {}) },
  };
  let phase: SshPhase = 'dns';
  let socket: net.Socket | undefined;
  const client = new ssh2.Client();
  // Each phase reads errors with its own listener; this one keeps a late error (after a failure
  // was already reported) from being thrown as an unhandled 'error' event.
  client.on('error', () => undefined);
  let onAbort = (): void => undefined;
  let timer: NodeJS.Timeout | undefined;
  const stop = new Promise<never>((_, reject) => {
    onAbort = () => reject(new CancelledError('Opening the share tunnel was cancelled.'));
    timer = setTimeout(() => {
      const seconds = Math.round(options.timeoutMs / 1000);
      reject(
        new TunnelError(
          'timeout',
          `No answer from the share server ${options.target.hostPort} within ${seconds} s while ${PHASE_TEXT[phase]}. ` +
            `Check the address and the network; the server may be down or a firewall may drop the traffic.`,
        ),
      );
    }, options.timeoutMs);
  });
  stop.catch(() => undefined);
  if (signal?.aborted) onAbort();
  signal?.addEventListener('abort', onAbort, { once: true });
  // `stop` first: an abort that came before a step wins over that step's result.
  const guard = <T>(promise: Promise<T>): Promise<T> => Promise.race([stop, promise]);
  let connecting: Promise<net.Socket> | undefined;
  try {
    const { address } = await guard(lookup(options.target.host));
    phase = 'connect';
    connecting = connectSocket(address, options.target.port);
    socket = await guard(connecting);
    phase = 'handshake';
    client.on('tcp connection', (details, accept) => handOver(options.accept, accept(), details.srcIP));
    await guard(handshake(client, socket, options, () => (phase = 'auth')));
    phase = 'forward';
    const boundPort = await guard(forwardIn(client, options.forward.bindAddr, options.forward.bindPort));
    phase = 'url';
    const publicUrl = options.askUrl ? await guard(askUrl(client)) : `http://${urlHost(options.target.host)}:${boundPort}`;
    return liveSession(client, socket, publicUrl, boundPort);
  } catch (error) {
    client.end();
    socket?.destroy();
    // Cancelled or timed out while connecting: the socket that still arrives is closed too.
    connecting?.then(
      (late) => late.destroy(),
      () => undefined,
    );
    if (isCancelled(error)) throw error;
    throw classifySshError(error, phase, context);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

function liveSession(client: ssh2.Client, socket: net.Socket, publicUrl: string, boundPort: number): SshSession {
  let reason = 'the server closed the connection';
  client.on('error', (error) => (reason = error.message));
  const closed = new Promise<string>((resolve) => client.once('close', () => resolve(reason)));
  const end = (): void => {
    client.end();
    // A polite end waits for the server's side to close too, which a dead link never does.
    // (ssh2's own destroy() does nothing once end() has begun: the socket is destroyed here.)
    const timer = setTimeout(() => socket.destroy(), END_GRACE_MS);
    void closed.then(() => clearTimeout(timer));
  };
  return { publicUrl, boundPort, closed, end };
}
