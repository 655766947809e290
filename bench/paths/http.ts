import { join } from 'node:path';
import type { Engine } from '../../main/engine/types.js';
import { startServer, type RunningServer } from '../../main/server/start-server.js';
import type { HistoryRecorder } from '../../main/store/history-recorder.js';
import { forkBenchChild, nextMessage } from '../child.js';
import type { ClientKind, HttpLoadReply, HttpLoadRequest } from '../http-load-process.js';
import type { LoadOptions, Sample } from '../load.js';

/**
 * Path (c): everything in (b) plus the HTTP server on 127.0.0.1 and a client speaking Gradio's
 * queue protocol: POST /gradio_api/queue/join per call, results over the session's SSE stream
 * (protocol v3), JSON both ways. The client is the real `@gradio/client` or the plain keep-alive
 * one (plain-client.ts), chosen per sample. The callers and their clients live in a separate
 * process (http-load-process.ts), as a client program would; they share `clients` client objects
 * round-robin (one Gradio session each), so the scheduler's per-session fairness sees several
 * sessions, like several browser tabs.
 */

export interface HttpPath {
  readonly url: string;
  /** The load process (its CPU time is the clients', not the server's). */
  readonly clientPid: number;
  /** Runs the closed-loop load against `/apiName` from the client process, over `clients` clients of one kind (default @gradio/client). */
  sample(apiName: string, clients: number, load: LoadOptions, client?: ClientKind): Promise<Sample>;
  dispose(): Promise<void>;
}

/** The load process's replies, one at a time (the bench runs one cell at a time). */
const nextReply = nextMessage<HttpLoadReply>;

/** The load process with its clients connected to `url` (a server of this process or another). */
export async function openLoad(
  url: string,
  width: number,
  maxClients: number,
  onStop: () => Promise<void>,
  kinds?: readonly ClientKind[],
): Promise<HttpPath> {
  const child = forkBenchChild('http-load-process.ts');
  const send = (message: HttpLoadRequest): void => {
    child.send(message);
  };
  const stop = async (): Promise<void> => {
    if (child.connected) send({ type: 'close' });
    if (child.exitCode === null && child.signalCode === null) await new Promise((resolve) => child.once('exit', resolve));
    await onStop();
  };
  let clientPid = -1;
  try {
    const opened = nextReply(child);
    send({ type: 'open', url, width, clients: maxClients, ...(kinds ? { kinds } : {}) });
    const reply = await opened;
    if (reply.type !== 'opened') throw new Error(`HTTP clients could not connect: ${reply.type === 'failed' ? reply.message : reply.type}`);
    clientPid = reply.pid;
  } catch (error) {
    child.kill();
    await stop();
    throw error;
  }
  let nextId = 1;
  return {
    url,
    clientPid,
    sample: async (apiName, clients, load, client = 'gradio') => {
      const id = nextId++;
      const replied = nextReply(child);
      send({ type: 'run', id, apiName, clients, client, load });
      const reply = await replied;
      if (reply.type === 'failed') throw new Error(`HTTP load failed: ${reply.message}`);
      if (reply.type !== 'sample' || reply.id !== id) throw new Error(`unexpected reply from the HTTP load process: ${reply.type}`);
      return reply.sample;
    },
    dispose: stop,
  };
}

export async function openHttp(
  engine: Engine,
  dataDir: string,
  width: number,
  maxClients: number,
  /** Records every call (the store bench's "with the store" side); default none. */
  history?: HistoryRecorder,
): Promise<HttpPath> {
  const server: RunningServer = await startServer({ engine, dataDir: join(dataDir, 'server-data'), ...(history ? { history } : {}) });
  return openLoad(server.url, width, maxClients, () => server.close());
}
