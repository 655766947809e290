import { randomUUID } from 'node:crypto';
import { createServer, get, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The floor of the HTTP path at one caller (bench/one-caller-http.ts): a bare `node:http` server
 * in the bench's process that speaks just enough of the queue protocol for both clients, with
 * nothing behind it. `GET /config` and `GET /gradio_api/info` are the real server's answers
 * (fetched once; `root` pointed here), so @gradio/client sees the same app. A join's body is
 * parsed and answered `{event_id}`; on the session's stream `estimation` + `process_starts` leave
 * in one write at once and `process_completed` (the row echoed as the output, the real server's
 * message shape) in another from a setImmediate, as a JS echo worker's answer would. No guards,
 * validation, scheduler, engine, worker or IPC: what the protocol, Node's HTTP and the client cost
 * at one caller on this machine.
 */

export interface FloorServer {
  readonly url: string;
  close(): Promise<void>;
}

function fetchText(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.once('error', reject);
    }).once('error', reject);
  });
}

interface Session {
  stream: ServerResponse | null;
  buffer: string[];
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}

const sse = (message: unknown): string => `data: ${JSON.stringify(message)}\n\n`;

function completed(eventId: string, row: unknown): unknown {
  const width = Array.isArray(row) ? row.length : 0;
  return {
    msg: 'process_completed',
    event_id: eventId,
    output: {
      data: [{ y: { dims: [1, width], data: row } }],
      is_generating: false,
      duration: 0.001,
      average_duration: 0.001,
      render_config: null,
      changed_state_ids: [],
      used_cache: null,
    },
    success: true,
    title: null,
    used_cache: null,
    cache_duration: null,
    avg_time: 0.001,
  };
}

/** A floor server answering as the real server at `realUrl` describes its app. */
export async function openFloorServer(realUrl: string): Promise<FloorServer> {
  const base = realUrl.replace(/\/$/, '');
  const config = JSON.parse(await fetchText(`${base}/config`)) as Record<string, unknown>;
  const info = await fetchText(`${base}/gradio_api/info`);
  const sessions = new Map<string, Session>();
  const session = (hash: string): Session => {
    let found = sessions.get(hash);
    if (!found) sessions.set(hash, (found = { stream: null, buffer: [] }));
    return found;
  };
  const emit = (s: Session, text: string): void => {
    if (s.stream) s.stream.write(text);
    else s.buffer.push(text);
  };
  let configText = '';
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const json = (text: string): void => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
    };
    if (req.method === 'GET' && url.pathname === '/config') {
      json(configText);
      return;
    }
    if (req.method === 'GET' && url.pathname === '/gradio_api/info') {
      json(info);
      return;
    }
    if (req.method === 'GET' && url.pathname === '/gradio_api/queue/data') {
      const s = session(url.searchParams.get('session_hash') ?? '');
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
      res.flushHeaders();
      s.stream = res;
      if (s.buffer.length > 0) res.write(s.buffer.splice(0).join(''));
      res.once('close', () => {
        if (s.stream === res) s.stream = null;
      });
      return;
    }
    if (req.method === 'POST' && url.pathname === '/gradio_api/queue/join') {
      void readBody(req).then((text) => {
        const body = JSON.parse(text) as { data: unknown[]; session_hash: string };
        const id = randomUUID().replaceAll('-', '');
        const s = session(body.session_hash);
        json(JSON.stringify({ event_id: id }));
        emit(
          s,
          sse({ msg: 'estimation', event_id: id, rank: 0, queue_size: 0, rank_eta: null }) +
            sse({ msg: 'process_starts', event_id: id, eta: null }),
        );
        setImmediate(() => emit(s, sse(completed(id, body.data[0]))));
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  configText = JSON.stringify({ ...config, root: url });
  return {
    url: `${url}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
