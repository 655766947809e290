import { AppError } from '../../preload/shared/errors.js';

/** The share server's reserved path for SSH over WebSocket (main/share-server/ssh-over-websocket.ts). */
export const SSH_WEBSOCKET_PATH = '/.well-known/demo-desktop/ssh';

/**
 * How the SSH connection travels: a TCP connection to the SSH port, or a WebSocket to the share
 * server's HTTP(S) port (`url`: ws:// or wss://, on SSH_WEBSOCKET_PATH) for networks that block port 22.
 */
export type SshTransport = { readonly kind: 'tcp' } | { readonly kind: 'websocket'; readonly url: URL };

/** Where an ssh tunnel goes: `ssh://[user@]host[:port]`, or over a WebSocket `ssh+ws://` / `ssh+wss://`. */
export interface SshTarget {
  readonly user: string;
  readonly host: string;
  readonly port: number;
  /**
   * The key under which the server's host key is pinned: `host:port` (`[v6]:port`) over TCP,
   * `ws://host:port` / `wss://host:port` over a WebSocket (another port, another pin).
   */
  readonly hostPort: string;
  readonly transport: SshTransport;
}

const SCHEMES: Record<string, { readonly port: number; readonly ws?: 'ws:' | 'wss:' }> = {
  'ssh:': { port: 22 },
  'ssh+ws:': { port: 80, ws: 'ws:' },
  'ssh+wss:': { port: 443, ws: 'wss:' },
};

/**
 * Parses `ssh://[user@]host[:port]` (port 22 by default, the user `defaultUser` when none is
 * given, as `ssh` itself does), or `ssh+ws://` / `ssh+wss://` (ports 80 / 443 by default): SSH
 * over a WebSocket to a share server's HTTP(S) port. Anything else (another scheme, a path, a
 * password) is an INVALID_INPUT error that echoes the value and shows the expected form.
 */
export function parseSshTarget(value: string, defaultUser: string): SshTarget {
  const fail = (why: string): AppError =>
    new AppError('INVALID_INPUT', `Invalid share target "${value}": ${why}. Expected ssh://[user@]host[:port] (or ssh+wss://, ssh+ws://).`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw fail('not a URL');
  }
  const scheme = SCHEMES[url.protocol];
  if (!scheme) throw fail(`the scheme is "${url.protocol.replace(/:$/, '')}", not ssh`);
  if (url.password) throw fail('passwords are not used (the app authenticates with its own key)');
  if (url.pathname !== '' && url.pathname !== '/') throw fail('a path is not allowed');
  if (url.search || url.hash) throw fail('a query or fragment is not allowed');
  if (!url.hostname) throw fail('the host is missing');
  const port = url.port ? Number(url.port) : scheme.port;
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const user = url.username ? decodeURIComponent(url.username) : defaultUser;
  const hostAndPort = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (!scheme.ws) return { user, host, port, hostPort: hostAndPort, transport: { kind: 'tcp' } };
  const wsUrl = new URL(`${scheme.ws}//${hostAndPort}${SSH_WEBSOCKET_PATH}`);
  return { user, host, port, hostPort: `${scheme.ws}//${hostAndPort}`, transport: { kind: 'websocket', url: wsUrl } };
}
