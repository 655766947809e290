import type { Server as HttpServer } from 'node:http';
import type { AddressInfo, Server as NetServer } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import type { Logger } from '../common/logger.js';
import { TypedEvents } from '../common/typed-events.js';
import type { ClientPolicy } from './client-keys.js';
import type { ShareServerEvents } from './events.js';
import { loadOrCreateHostKey } from './host-key.js';
import { createHttpFront } from './http-front.js';
import { NameStore } from './names.js';
import { SSH_WEBSOCKET_PATH } from './ssh-over-websocket.js';
import { createSshServer } from './ssh-server.js';
import { TunnelRegistry, type TunnelLimits } from './tunnels.js';
import { createWebServer } from './web-server.js';

export interface ShareServerOptions {
  /** The public domain: shares are `<name>.<domain>` (wildcard DNS points there), the landing page is the bare domain. */
  readonly domain: string;
  /** Address both listeners bind (default 127.0.0.1; 0.0.0.0 or :: to be reachable from the internet). */
  readonly host: string;
  /** HTTP(S) port; 0 picks a free one. */
  readonly httpPort: number;
  /** SSH port; 0 picks a free one; 'off': none, SSH only over WebSocket on the HTTP(S) port. */
  readonly sshPort: number | 'off';
  /** Where the host key (`host_ed25519`) and the name owners (`names.json`) are kept. */
  readonly dataDir: string;
  readonly clients: ClientPolicy;
  /** A name unused this long (no tunnel holds it) is freed. */
  readonly expiryMs: number;
  /** PEM certificate and key: serve HTTPS (a wildcard certificate for `*.<domain>`). */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
  /** The public base URL when it is not what this server listens on (a TLS proxy in front): `https://share.example.com`. */
  readonly publicUrl?: string;
  readonly limits: TunnelLimits;
  /** Trust X-Forwarded-* from a reverse proxy in front of this server. */
  readonly trustProxy: boolean;
  readonly logger: Logger;
}

export interface RunningShareServer {
  readonly httpPort: number;
  /** 0 when the SSH port is off (SSH over WebSocket only). */
  readonly sshPort: number;
  /** Tunnels going online and offline. */
  readonly events: TypedEvents<ShareServerEvents>;
  /** The SHA256 fingerprint of the SSH host key, for clients to pin. */
  readonly hostKeyFingerprint: string;
  /** The public URL of a name: `https://<name>.<domain>` (with the port when it is not the scheme's default). */
  urlOf(name: string): string;
  /** Where clients open SSH over WebSocket: `wss://<domain>/.well-known/demo-desktop/ssh`. */
  readonly sshWebSocketUrl: string;
  close(): Promise<void>;
}

export type { ShareServerEvents } from './events.js';

export { SHARE_SERVER_DEFAULTS } from './defaults.js';

function listen(server: NetServer | HttpServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: NetServer | HttpServer): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** The public base URL: `--public-url`, else the domain on this server's scheme and port. */
function publicBase(options: ShareServerOptions, httpPort: number): URL {
  const scheme = options.tls ? 'https' : 'http';
  const port = httpPort === (options.tls ? 443 : 80) ? '' : `:${httpPort}`;
  return new URL(options.publicUrl ?? `${scheme}://${options.domain}${port}`);
}

function startExpirySweep(names: NameStore, tunnels: TunnelRegistry, expiryMs: number, logger: Logger): () => void {
  const sweep = (): void => {
    const freed = names.expire(expiryMs, tunnels.names());
    if (freed.length > 0) logger.info('names expired', { names: freed });
  };
  sweep();
  const timer = setInterval(sweep, Math.min(expiryMs / 4, 600_000));
  timer.unref();
  return () => clearInterval(timer);
}

/** Starts the share server: SSH for the demos' computers, HTTP(S) for visitors. */
export async function startShareServer(options: ShareServerOptions): Promise<RunningShareServer> {
  const { logger } = options;
  const domain = options.domain.toLowerCase();
  const hostKey = await loadOrCreateHostKey(options.dataDir);
  const namesFile = path.join(options.dataDir, 'names.json');
  const names = await NameStore.open(namesFile, (error) =>
    logger.error('could not save the name owners', { file: namesFile, error: String(error) }),
  );
  const events = new TypedEvents<ShareServerEvents>();
  const tunnels = new TunnelRegistry();
  // The URLs name the HTTP port, known once it listens; nothing asks for one before the SSH port listens.
  let urlOf: (name: string) => string = () => '';
  const ssh = createSshServer(hostKey, options.clients, {
    domain,
    names,
    tunnels,
    limits: options.limits,
    urlOf: (name) => urlOf(name),
    logger: logger.child('ssh'),
    events,
  });
  // SSH over WebSocket (the HTTP(S) port, for networks that block the SSH port): the same server as the SSH port's.
  // ssh2 reads any Duplex as it reads a socket (lib/server.js: data, write, end, close); its types ask for a net.Socket.
  const sshConnection = ssh.server.injectSocket.bind(ssh.server) as (stream: Duplex) => void;
  const front = createHttpFront({
    domain,
    names,
    tunnels,
    policy: { trustProxy: options.trustProxy },
    logger: logger.child('http'),
    sshConnection,
  });
  const web = createWebServer(options.tls, front, logger.child('http'));
  const httpPort = await listen(web.server, options.httpPort, options.host);
  const base = publicBase(options, httpPort);
  urlOf = (name) => `${base.protocol}//${name}.${base.host}`;
  const sshPort =
    options.sshPort === 'off'
      ? 0
      : await listen(ssh.server, options.sshPort, options.host).catch(async (error: unknown) => {
          await close(web.server);
          throw error;
        });
  const stopSweep = startExpirySweep(names, tunnels, options.expiryMs, logger);
  logger.info('share server started', { domain, httpPort, sshPort, hostKey: hostKey.fingerprint });
  return {
    httpPort,
    sshPort,
    hostKeyFingerprint: hostKey.fingerprint,
    urlOf,
    sshWebSocketUrl: `${base.protocol === 'https:' ? 'wss' : 'ws'}://${base.host}${SSH_WEBSOCKET_PATH}`,
    events,
    close: async () => {
      stopSweep();
      ssh.endAll();
      web.endAll();
      await Promise.all([sshPort === 0 ? undefined : close(ssh.server), close(web.server)]);
      // Closing connections marks their names as seen; let those writes land before the caller moves on.
      await new Promise((resolve) => setImmediate(resolve));
      await names.flushed();
    },
  };
}
