import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../common/logger.js';
import { requestHeaders, responseHeaders, visitorAddress, type ForwardingPolicy } from './forwarded-headers.js';
import { PAGES, rawPage, sendPage } from './pages.js';
import type { Tunnel } from './tunnels.js';

/**
 * Passes one HTTP request through a tunnel: a fresh SSH channel to the demo's computer carries it
 * (the demo sees `Connection: close`), the body streams in, and the response streams out chunk by
 * chunk as the demo writes it (SSE and long downloads are never buffered). `release` runs once
 * the visitor's response is over, whichever way.
 */
export function forwardRequest(
  req: IncomingMessage,
  res: ServerResponse,
  tunnel: Tunnel,
  release: () => void,
  policy: ForwardingPolicy,
  logger: Logger,
): void {
  res.once('close', release);
  tunnel.open(visitorAddress(req, policy)).then(
    (channel) => {
      if (res.destroyed) {
        channel.destroy();
        return;
      }
      pipeRequest(req, res, channel, policy, logger.child(tunnel.name));
    },
    (error: unknown) => {
      logger.warn('the tunnel client refused a channel', { name: tunnel.name, error: String(error) });
      if (!res.headersSent) sendPage(res, PAGES.notAnswering());
    },
  );
}

function pipeRequest(req: IncomingMessage, res: ServerResponse, channel: Duplex, policy: ForwardingPolicy, logger: Logger): void {
  const upstream = request({
    method: req.method,
    path: req.url,
    headers: requestHeaders(req, policy, false).flat(),
    createConnection: () => channel,
  });
  upstream.on('response', (reply) => {
    res.writeHead(reply.statusCode ?? 502, reply.statusMessage, responseHeaders(reply));
    res.flushHeaders();
    reply.pipe(res);
    reply.on('error', () => res.destroy());
  });
  upstream.on('error', (error) => {
    logger.debug('request through the tunnel failed', { error: error.message });
    if (!res.headersSent) sendPage(res, PAGES.notAnswering());
    else res.destroy();
  });
  req.pipe(upstream);
  res.once('close', () => {
    if (!res.writableFinished) upstream.destroy();
    channel.destroy();
  });
}

/**
 * Passes an upgrade (WebSocket) through a tunnel: the request head, rewritten with the
 * X-Forwarded-* headers, goes first on a fresh channel, then bytes flow both ways untouched until
 * either side closes.
 */
export function forwardUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  tunnel: Tunnel,
  release: () => void,
  policy: ForwardingPolicy,
  logger: Logger,
): void {
  socket.once('close', release);
  socket.on('error', () => socket.destroy());
  tunnel.open(visitorAddress(req, policy)).then(
    (channel) => {
      if (socket.destroyed) {
        channel.destroy();
        return;
      }
      const lines = [
        `${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/1.1`,
        ...requestHeaders(req, policy, true).map(([k, v]) => `${k}: ${v}`),
      ];
      channel.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) channel.write(head);
      channel.pipe(socket);
      socket.pipe(channel);
      channel.on('error', () => socket.destroy());
      channel.once('close', () => socket.destroy());
      socket.once('close', () => channel.destroy());
    },
    (error: unknown) => {
      logger.warn('the tunnel client refused a channel', { name: tunnel.name, error: String(error) });
      socket.end(rawPage(PAGES.notAnswering()));
    },
  );
}
