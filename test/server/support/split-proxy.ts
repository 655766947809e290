/**
 * A reverse proxy on 127.0.0.1 that sends each request to the front `route(path)` picks, as a load
 * balancer without affinity would (a join to one front, the stream of the same session to
 * another). It says which front served what, streams responses as they come (SSE), and sets
 * X-Forwarded-Host so the fronts' config.root is the proxy's address.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SplitProxy {
  /** `http://127.0.0.1:PORT/`. */
  readonly base: string;
  /** `[front index, method, path]` of every request, in arrival order. */
  readonly served: [number, string, string][];
  close(): Promise<void>;
}

export async function startSplitProxy(
  fronts: readonly string[],
  route: (path: string, req: IncomingMessage) => number,
): Promise<SplitProxy> {
  const served: [number, string, string][] = [];
  const targets = fronts.map((front) => new URL(front));
  let port = 0;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const index = route(path, req);
    const target = targets[index];
    if (!target) {
      res.writeHead(502).end();
      return;
    }
    served.push([index, req.method ?? 'GET', path]);
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host, 'x-forwarded-host': `127.0.0.1:${port}` },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    // A client that hangs up closes the upstream request too, as a balancer does.
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}/`,
    served,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
