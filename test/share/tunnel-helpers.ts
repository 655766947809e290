import { EventEmitter } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import type { Tunnel, TunnelState } from '../../main/share/tunnel.js';

/** A local app for the tunnel to expose: /hello, /bytes?n=, an SSE stream driven by the test. */
export interface LocalApp {
  readonly port: number;
  readonly server: http.Server;
  /** Sends one SSE event with this data to every open /events stream. */
  push(data: string): void;
  close(): Promise<void>;
}

export async function startLocalApp(): Promise<LocalApp> {
  const sse = new EventEmitter();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/hello') {
      res.end(`hello from ${req.headers.host ?? ''}`);
    } else if (url.pathname === '/bytes') {
      const total = Number(url.searchParams.get('n'));
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': total });
      writeBytes(res, total);
    } else if (url.pathname === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.flushHeaders();
      const send = (data: string): void => void res.write(`data: ${data}\n\n`);
      sse.on('push', send);
      res.on('close', () => sse.off('push', send));
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    server,
    push: (data) => sse.emit('push', data),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const CHUNK = Buffer.alloc(64 * 1024, 120);

function writeBytes(res: http.ServerResponse, total: number): void {
  let left = total;
  const pump = (): void => {
    while (left > 0) {
      const piece = left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
      left -= piece.length;
      if (!res.write(piece)) return void res.once('drain', pump);
    }
    res.end();
  };
  pump();
}

/** The accept callback a test tunnel uses: pipes each public connection into the local app. */
export function pipeTo(port: number): (stream: Duplex) => void {
  return (stream) => {
    const upstream = net.connect({ port, host: '127.0.0.1', noDelay: true });
    stream.pipe(upstream).pipe(stream);
    const end = (): void => {
      upstream.destroy();
      stream.destroy();
    };
    upstream.on('error', end);
    stream.on('error', end);
    upstream.on('close', end);
    stream.on('close', end);
  };
}

/** Records every state a tunnel emits, and waits for one of a kind (events, not deadlines). */
export function recordStates(tunnel: Tunnel): {
  readonly states: TunnelState[];
  next(kind: TunnelState['kind']): Promise<TunnelState>;
} {
  const states: TunnelState[] = [];
  const waiters: { kind: TunnelState['kind']; resolve: (state: TunnelState) => void }[] = [];
  tunnel.events.on('state', (state) => {
    states.push(state);
    for (const waiter of waiters.splice(0)) {
      if (waiter.kind === state.kind) waiter.resolve(state);
      else waiters.push(waiter);
    }
  });
  return {
    states,
    next: (kind) => new Promise((resolve) => waiters.push({ kind, resolve })),
  };
}

/** Reads an SSE response's events one by one. */
export function sseReader(body: ReadableStream<Uint8Array>): {
  next(): Promise<string>;
  cancel(): Promise<void>;
} {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const next = async (): Promise<string> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        return event.replace(/^data: /, '');
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('the event stream ended');
      buffer += decoder.decode(value, { stream: true });
    }
  };
  return { next, cancel: () => reader.cancel() };
}

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
