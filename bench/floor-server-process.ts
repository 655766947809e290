/**
 * The HTTP path's floor (docs/performance.md, "The floor"): a bare `node:http` server, forked by
 * floor.ts, that speaks exactly the exchange the plain client does with the real server and
 * nothing more. `GET config` names the events; `POST /gradio_api/queue/join` parses the JSON body
 * and answers `{event_id}`; the session's `GET /gradio_api/queue/data` stream gets `estimation` +
 * `process_starts` in one write and `process_completed` in another, as ours does; and the row goes
 * to an echo worker (a child process over the IPC channel with structured clone, as the app's
 * workers, or a worker thread) that answers the ONNX worker's result shape. No validation,
 * scheduler, engine, guards, history or estimation: what Node, the protocol and one IPC round
 * trip cost on this machine, which no server of this protocol in Node goes below.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';

export type EchoKind = 'process' | 'thread';

export type FloorRequest =
  | { readonly type: 'open'; readonly width: number; readonly events: readonly string[]; readonly echo: EchoKind }
  /** From now on the echo answers as a model taking `ms` a call, one at a time (0: at once); see ipc-echo-process.ts. */
  | { readonly type: 'pace'; readonly ms: number };
export type FloorReply = { readonly type: 'opened'; readonly url: string; readonly pid: number; readonly echoPid: number };

interface EchoResult {
  readonly id: number;
  readonly y: { readonly dims: number[]; readonly data: Float32Array };
}

interface Echo {
  /** The echo child's pid; -1 for a thread (its CPU is the server process's). */
  readonly pid: number;
  post(message: { id: number; width: number; data: unknown; paceMs: number }): void;
  onResult(handler: (result: EchoResult) => void): void;
}

/** The echo child (ipc-echo-process.ts answers the ONNX worker's shape). */
function processEcho(): Promise<Echo> {
  const child: ChildProcess = fork(new URL('./ipc-echo-process.ts', import.meta.url), [], { serialization: 'advanced' });
  return new Promise((resolve) => {
    child.once('message', () =>
      resolve({
        pid: child.pid ?? -1,
        post: (message) => child.send(message),
        onResult: (handler) => child.on('message', handler),
      }),
    );
  });
}

/** The same echo as ipc-echo-process.ts, pacing included, in a worker thread. */
const THREAD_ECHO = `
const { parentPort } = require('node:worker_threads');
let busyUntil = 0;
parentPort.on('message', (m) => {
  const answer = () => parentPort.postMessage({ id: m.id, y: { dims: [1, m.width], data: m.data ? Float32Array.from(m.data) : new Float32Array(m.width) } });
  if (!m.paceMs) return answer();
  const now = performance.now();
  busyUntil = Math.max(now, busyUntil) + m.paceMs;
  setTimeout(answer, busyUntil - now);
});
`;

function threadEcho(): Echo {
  const worker = new Worker(THREAD_ECHO, { eval: true });
  return { pid: -1, post: (message) => worker.postMessage(message), onResult: (handler) => worker.on('message', handler) };
}

interface Pending {
  readonly session: string;
  readonly eventId: string;
}

/** One SSE stream per session; messages before it opens wait in `backlog`. */
interface Session {
  stream: ServerResponse | null;
  backlog: string[];
}

function serve(width: number, events: readonly string[], echo: Echo, pace: { ms: number }): ReturnType<typeof createServer> {
  const sessions = new Map<string, Session>();
  const pending = new Map<number, Pending>();
  let next = 1;
  const sessionOf = (hash: string): Session => {
    let session = sessions.get(hash);
    if (!session) sessions.set(hash, (session = { stream: null, backlog: [] }));
    return session;
  };
  const emit = (hash: string, text: string): void => {
    const session = sessionOf(hash);
    if (session.stream) session.stream.write(text);
    else session.backlog.push(text);
  };
  const sse = (message: unknown): string => `data: ${JSON.stringify(message)}\n\n`;
  echo.onResult((result) => {
    const call = pending.get(result.id);
    if (!call) return;
    pending.delete(result.id);
    const output = { data: [{ y: { dims: result.y.dims, data: Array.from(result.y.data) } }], is_generating: false, duration: 0.005 };
    emit(call.session, sse({ msg: 'process_completed', event_id: call.eventId, output, success: true, title: null }));
  });
  const join = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data: unknown[]; session_hash: string };
      const id = next++;
      const eventId = `e${id}`;
      const answer = JSON.stringify({ event_id: eventId });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(answer) }).end(answer);
      pending.set(id, { session: body.session_hash, eventId });
      emit(
        body.session_hash,
        sse({ msg: 'estimation', event_id: eventId, rank: 0, queue_size: 1, rank_eta: null }) +
          sse({ msg: 'process_starts', event_id: eventId, eta: null }),
      );
      echo.post({ id, width, data: body.data[0], paceMs: pace.ms });
    });
  };
  const stream = (url: URL, res: ServerResponse): void => {
    const session = sessionOf(url.searchParams.get('session_hash') ?? '');
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    session.stream = res;
    if (session.backlog.length > 0) res.write(session.backlog.join(''));
    session.backlog = [];
    res.once('close', () => {
      if (session.stream === res) session.stream = null;
    });
  };
  const config = JSON.stringify({ dependencies: events.map((name, id) => ({ id, api_name: name })) });
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://floor');
    if (req.method === 'POST' && url.pathname === '/gradio_api/queue/join') join(req, res);
    else if (url.pathname === '/gradio_api/queue/data') stream(url, res);
    else if (url.pathname === '/config') res.writeHead(200, { 'Content-Type': 'application/json' }).end(config);
    else res.writeHead(404).end();
  });
}

const pace = { ms: 0 };

process.on('message', (request: FloorRequest) => {
  if (request.type === 'pace') {
    pace.ms = request.ms;
    return;
  }
  void (async () => {
    const echo = request.echo === 'thread' ? threadEcho() : await processEcho();
    const server = serve(request.width, request.events, echo, pace);
    server.keepAliveTimeout = 60_000;
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      const reply: FloorReply = { type: 'opened', url: `http://127.0.0.1:${port}/`, pid: process.pid, echoPid: echo.pid };
      process.send?.(reply);
    });
  })();
});
process.on('disconnect', () => process.exit(0));
