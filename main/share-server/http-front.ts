import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../common/logger.js';
import type { ForwardingPolicy } from './forwarded-headers.js';
import { forwardRequest, forwardUpgrade } from './forward.js';
import { hostTarget } from './name-rules.js';
import type { NameStore } from './names.js';
import { landingPage, PAGES, rawPage, sendPage, type ErrorPage } from './pages.js';
import { acceptSshWebSocket, isSshWebSocketPath } from './ssh-over-websocket.js';
import type { Tunnel, TunnelRegistry } from './tunnels.js';

export interface HttpFrontDeps {
  readonly domain: string;
  readonly names: NameStore;
  readonly tunnels: TunnelRegistry;
  readonly policy: ForwardingPolicy;
  readonly logger: Logger;
  /** Takes one SSH connection that arrived as a WebSocket (SSH over the HTTP(S) port). */
  readonly sshConnection: (stream: Duplex) => void;
}

type Route = { kind: 'landing' } | { kind: 'page'; page: ErrorPage } | { kind: 'tunnel'; tunnel: Tunnel; release: () => void };

/**
 * Each request is routed by its own Host header (`<name>.<domain>`, any port), so a keep-alive
 * connection that carries requests for several names sends each to its own tunnel. Unknown
 * names get 404, known names whose computer is not connected 502, and a tunnel over its limits 429.
 */
function route(req: IncomingMessage, deps: HttpFrontDeps): Route {
  const host = req.headers.host;
  if (!host) return { kind: 'page', page: PAGES.badRequest() };
  const target = hostTarget(host, deps.domain);
  if (target.kind === 'landing') return { kind: 'landing' };
  if (target.kind === 'foreign') return { kind: 'page', page: PAGES.notFound(host) };
  const tunnel = deps.tunnels.get(target.name);
  if (!tunnel) return { kind: 'page', page: deps.names.has(target.name) ? PAGES.offline() : PAGES.notFound(host) };
  const admission = tunnel.admit();
  if (!admission.ok) {
    deps.logger.info('request refused by the tunnel limits', { name: tunnel.name, reason: admission.reason });
    return { kind: 'page', page: PAGES.tooMany(admission.reason, admission.retryAfterS) };
  }
  return { kind: 'tunnel', tunnel, release: admission.release };
}

function landing(req: IncomingMessage, res: ServerResponse, domain: string): void {
  if (isSshWebSocketPath(req.url)) {
    res.writeHead(426, { 'content-type': 'text/plain', upgrade: 'websocket', connection: 'Upgrade' });
    res.end('SSH over WebSocket: open a WebSocket here (demo-desktop serve --share share+wss://<domain>).\n');
    return;
  }
  if (req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok\n');
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(req.method === 'HEAD' ? undefined : landingPage(domain));
}

export function createHttpFront(deps: HttpFrontDeps): {
  onRequest: (req: IncomingMessage, res: ServerResponse) => void;
  onUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
} {
  return {
    onRequest: (req, res) => {
      const to = route(req, deps);
      if (to.kind === 'landing') landing(req, res, deps.domain);
      else if (to.kind === 'page') sendPage(res, to.page);
      else forwardRequest(req, res, to.tunnel, to.release, deps.policy, deps.logger);
    },
    onUpgrade: (req, socket, head) => {
      // The SSH path belongs to the server's own host (any host that is not a share): a share's host always reaches its tunnel.
      if (isSshWebSocketPath(req.url) && hostTarget(req.headers.host, deps.domain).kind !== 'share') {
        acceptSshWebSocket(req, socket, head, deps.sshConnection);
        return;
      }
      const to = route(req, deps);
      if (to.kind === 'tunnel') forwardUpgrade(req, socket, head, to.tunnel, to.release, deps.policy, deps.logger);
      else socket.end(rawPage(to.kind === 'page' ? to.page : PAGES.notFound(req.headers.host ?? '')));
    },
  };
}
