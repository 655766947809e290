import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { checkServerIdentity } from 'node:tls';
import type { Duplex } from 'node:stream';
import { newWebSocketKey, webSocketAccept } from '../common/websocket/handshake.js';
import { WebSocketStream } from '../common/websocket/websocket-stream.js';

export interface WebSocketConnectOptions {
  /** `ws://` or `wss://` URL (host, port, path). */
  readonly url: URL;
  /** The address to connect to (already resolved); the URL's host still names the server (Host, SNI, certificate). */
  readonly address: string;
  /** Extra CA certificates (PEM) to trust for `wss://`, beside the system's and NODE_EXTRA_CA_CERTS. */
  readonly ca?: string | Buffer;
  /** Aborting destroys the connection attempt. */
  readonly signal: AbortSignal;
}

/** The server answered the upgrade with a plain HTTP response: `status` says what it was. */
export class WebSocketUpgradeError extends Error {
  readonly code = 'WS_UPGRADE_REFUSED';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'WebSocketUpgradeError';
  }
}

function upgradeRequest(options: WebSocketConnectOptions, key: string): http.ClientRequest {
  const { url } = options;
  const secure = url.protocol === 'wss:';
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const common: https.RequestOptions = {
    host: options.address,
    port: url.port || (secure ? 443 : 80),
    path: url.pathname + url.search,
    agent: false,
    headers: {
      host: url.host,
      connection: 'Upgrade',
      upgrade: 'websocket',
      'sec-websocket-version': '13',
      'sec-websocket-key': key,
    },
    signal: options.signal,
  };
  if (!secure) return http.request(common);
  // The certificate is checked against the URL's host, not the address it resolved to.
  return https.request({
    ...common,
    ...(isIP(hostname) ? {} : { servername: hostname }),
    ...(options.ca ? { ca: options.ca } : {}),
    checkServerIdentity: (_address, cert) => checkServerIdentity(hostname, cert),
  });
}

/**
 * Opens a WebSocket (RFC 6455 client handshake over node:http or node:https) and resolves with
 * its binary stream once the server has switched protocols and proved it read the key. A plain
 * HTTP answer instead rejects with WebSocketUpgradeError (its status); network and TLS errors
 * reject as Node raised them (their `code`, e.g. ECONNREFUSED or DEPTH_ZERO_SELF_SIGNED_CERT).
 */
export function connectWebSocket(options: WebSocketConnectOptions): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const key = newWebSocketKey();
    const req = upgradeRequest(options, key);
    req.once('upgrade', (res, socket, head) => {
      if (res.headers['sec-websocket-accept'] !== webSocketAccept(key)) {
        socket.destroy();
        reject(new WebSocketUpgradeError(res.statusCode ?? 0, 'the server switched protocols without the right Sec-WebSocket-Accept'));
        return;
      }
      (socket as { setNoDelay?: (noDelay: boolean) => void }).setNoDelay?.(true);
      const stream = new WebSocketStream(socket, 'client', head);
      // An error before ssh2 adds its own listener (an attempt given up meanwhile) must not go unhandled.
      stream.on('error', () => undefined);
      resolve(stream);
    });
    req.once('response', (res) => {
      res.resume();
      req.destroy();
      reject(
        new WebSocketUpgradeError(res.statusCode ?? 0, `the server answered the WebSocket upgrade with HTTP ${res.statusCode ?? '?'}`),
      );
    });
    req.once('error', reject);
    req.end();
  });
}
