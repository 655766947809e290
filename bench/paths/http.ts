import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Engine } from '../../main/engine/types.js';
import { startServer, type RunningServer } from '../../main/server/start-server.js';
import type { HttpLoadReply, HttpLoadRequest } from '../http-load-process.js';
import { toResult, type LoadOptions, type LoadResult } from '../load.js';

/**
 * Path (c): everything in (b) plus the HTTP server on 127.0.0.1 and the real `@gradio/client`:
 * POST /gradio_api/queue/join per call, results over the session's SSE stream (protocol v3),
 * JSON both ways. The callers and their clients live in a separate process
 * (http-load-process.ts), as a client program would; they share `clients` client objects
 * round-robin (one Gradio session each), so the scheduler's per-session fairness sees several
 * sessions, like several browser tabs.
 */

export interface HttpPath {
  readonly url: string;
  /** Runs the closed-loop load against `/apiName` from the client process, over `clients` clients. */
  run(apiName: string, clients: number, load: LoadOptions): Promise<LoadResult>;
  dispose(): Promise<void>;
}

/** The load process's replies, one at a time (the bench runs one cell at a time). */
function nextReply(child: ChildProcess): Promise<HttpLoadReply> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: HttpLoadReply): void => {
      child.off('exit', onExit);
      resolve(message);
    };
    const onExit = (code: number | null): void => {
      child.off('message', onMessage);
      reject(new Error(`the HTTP load process exited (code ${code ?? 'null'})`));
    };
    child.once('message', onMessage);
    child.once('exit', onExit);
  });
}

export async function openHttp(engine: Engine, dataDir: string, width: number, maxClients: number): Promise<HttpPath> {
  const server: RunningServer = await startServer({ engine, dataDir: join(dataDir, 'server-data') });
  // Under tsx (how `npm run bench` runs) process.execArgv carries its loader, so the .ts child runs too.
  const child = fork(join(import.meta.dirname, '..', 'http-load-process.ts'), [], { serialization: 'advanced' });
  const send = (message: HttpLoadRequest): void => {
    child.send(message);
  };
  const stop = async (): Promise<void> => {
    if (child.connected) send({ type: 'close' });
    if (child.exitCode === null && child.signalCode === null) await new Promise((resolve) => child.once('exit', resolve));
    await server.close();
  };
  try {
    const opened = nextReply(child);
    send({ type: 'open', url: server.url, width, clients: maxClients });
    const reply = await opened;
    if (reply.type !== 'opened') throw new Error(`HTTP clients could not connect: ${reply.type === 'failed' ? reply.message : reply.type}`);
  } catch (error) {
    child.kill();
    await stop();
    throw error;
  }
  let nextId = 1;
  return {
    url: server.url,
    run: async (apiName, clients, load) => {
      const id = nextId++;
      const replied = nextReply(child);
      send({ type: 'run', id, apiName, clients, load });
      const reply = await replied;
      if (reply.type === 'failed') throw new Error(`HTTP load failed: ${reply.message}`);
      if (reply.type !== 'sample' || reply.id !== id) throw new Error(`unexpected reply from the HTTP load process: ${reply.type}`);
      return toResult([reply.sample]);
    },
    dispose: stop,
  };
}
