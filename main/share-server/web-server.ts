import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import type { Logger } from '../common/logger.js';
import type { createHttpFront } from './http-front.js';

/** The HTTP(S) side for visitors. `endAll` ends every connection, WebSockets included (shutdown). */
export function createWebServer(
  tls: { readonly cert: string | Buffer; readonly key: string | Buffer } | undefined,
  front: ReturnType<typeof createHttpFront>,
  logger: Logger,
): { server: Server; endAll: () => void } {
  const server = tls ? createHttpsServer({ cert: tls.cert, key: tls.key }) : createHttpServer();
  server.on('request', front.onRequest);
  // Upgraded sockets (WebSockets) leave the HTTP server's bookkeeping: keep them to end them on close.
  const upgraded = new Set<Duplex>();
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
    front.onUpgrade(req, socket, head);
  });
  server.on('error', (error: Error) => logger.error('HTTP server error', { error: error.message }));
  return {
    server,
    endAll: () => {
      server.closeAllConnections();
      for (const socket of upgraded) socket.destroy();
    },
  };
}
