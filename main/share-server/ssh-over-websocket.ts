import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { isWebSocketKey, webSocketAccept } from '../common/websocket/handshake.js';
import { WebSocketStream } from '../common/websocket/websocket-stream.js';

/**
 * The reserved path for SSH over WebSocket, on any host that is not a share (`<domain>` itself or
 * the server's address): a share's own requests (`<name>.<domain>`) always go to its tunnel, so
 * no demo's path can be taken from it, and `.well-known` (RFC 8615) is where such paths belong.
 * The client's copy: main/share/ssh-target.ts.
 */
export const SSH_WEBSOCKET_PATH = '/.well-known/demo-desktop/ssh';

export function isSshWebSocketPath(url: string | undefined): boolean {
  return (url ?? '').split('?')[0] === SSH_WEBSOCKET_PATH;
}

function refuse(socket: Duplex, status: string, why: string): void {
  socket.end(
    `HTTP/1.1 ${status}\r\nContent-Type: text/plain\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(why)}\r\n\r\n${why}`,
  );
}

/**
 * Accepts a WebSocket upgrade on SSH_WEBSOCKET_PATH (RFC 6455 server handshake) and hands its
 * binary stream to `inject` as one SSH connection: for networks that let only HTTP(S) out, the
 * SSH port's whole protocol (sign-in, forwards, keep-alives) runs inside the WebSocket.
 */
export function acceptSshWebSocket(req: IncomingMessage, socket: Duplex, head: Buffer, inject: (stream: Duplex) => void): void {
  const key = req.headers['sec-websocket-key'];
  if (req.method !== 'GET' || req.headers.upgrade?.toLowerCase() !== 'websocket' || !isWebSocketKey(key)) {
    refuse(socket, '400 Bad Request', 'SSH over WebSocket: send a WebSocket upgrade (GET, Upgrade: websocket, Sec-WebSocket-Key).\n');
    return;
  }
  if (req.headers['sec-websocket-version'] !== '13') {
    socket.end('HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    return;
  }
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      `Sec-WebSocket-Accept: ${webSocketAccept(key)}\r\n\r\n`,
  );
  (socket as { setNoDelay?: (noDelay: boolean) => void }).setNoDelay?.(true);
  inject(new WebSocketStream(socket, 'server', head));
}
