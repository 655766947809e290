/**
 * The HTTP path's load generator, in its own process (forked by paths/http.ts): the callers and
 * their clients run here, as a real client program would, instead of sharing the server's event
 * loop. A `@gradio/client` costs about a millisecond of CPU per call (a join POST, the session's
 * SSE stream, JSON both ways, its own bookkeeping), and in the server's process that time would be
 * charged to the server. Each run picks the client kind: the official `@gradio/client`, or the
 * plain keep-alive client (plain-client.ts) speaking the same queue protocol. It speaks a tiny
 * protocol over the IPC channel (see HttpLoadRequest below).
 */
import { connect } from './gradio-client.js';
import { measure, type LoadOptions, type Sample } from './load.js';
import { makeRows } from './model.js';
import { PlainClient } from './plain-client.js';

/** Which client the callers use: the official @gradio/client, or the plain keep-alive one. */
export type ClientKind = 'gradio' | 'plain';

export type HttpLoadRequest =
  | {
      readonly type: 'open';
      readonly url: string;
      readonly width: number;
      readonly clients: number;
      /** The client kinds to connect (default both; the floor server speaks only what the plain client needs). */
      readonly kinds?: readonly ClientKind[];
    }
  | {
      readonly type: 'run';
      readonly id: number;
      readonly apiName: string;
      readonly clients: number;
      readonly client: ClientKind;
      readonly load: LoadOptions;
    }
  | { readonly type: 'close' };

export type HttpLoadReply =
  | { readonly type: 'opened'; readonly pid: number }
  | { readonly type: 'sample'; readonly id: number; readonly sample: Sample }
  | { readonly type: 'failed'; readonly id: number | null; readonly message: string };

interface CostOutput {
  readonly y?: { readonly dims?: readonly number[]; readonly data?: unknown };
}

interface Client {
  predict(endpoint: string, data: unknown[]): Promise<{ data: unknown[] }>;
  close(): void;
}

/** Output values per row: JSON turns a Float32Array into {"0": v, ...}, an array stays an array. */
function valueCount(data: unknown): number | undefined {
  if (Array.isArray(data)) return data.length;
  if (typeof data === 'object' && data !== null) return Object.keys(data).length;
  return undefined;
}

const clients: Record<ClientKind, Client[]> = { gradio: [], plain: [] };
let rows: number[][] = [];
let width = 0;

const reply = (message: HttpLoadReply): void => {
  process.send?.(message);
};

async function run(apiName: string, kind: ClientKind, count: number, load: LoadOptions): Promise<Sample> {
  const used = clients[kind].slice(0, Math.max(1, Math.min(count, clients[kind].length)));
  const endpoint = `/${apiName}`;
  return measure(async (index) => {
    const client = used[index % used.length] as Client;
    const row = rows[index % rows.length] as readonly number[];
    const result = await client.predict(endpoint, [row]);
    const out = result.data[0] as CostOutput | undefined;
    const got = valueCount(out?.y?.data);
    if (got !== width) throw new Error(`http: expected ${width} output values, got ${got ?? 'none'}`);
  }, load);
}

async function handle(message: HttpLoadRequest): Promise<void> {
  switch (message.type) {
    case 'open':
      width = message.width;
      rows = makeRows(width);
      try {
        for (let i = 0; i < message.clients; i++) {
          const kinds = message.kinds ?? ['gradio', 'plain'];
          if (kinds.includes('gradio')) clients.gradio.push(await connect(message.url));
          if (kinds.includes('plain')) clients.plain.push(await PlainClient.connect(message.url));
        }
        reply({ type: 'opened', pid: process.pid });
      } catch (error) {
        reply({ type: 'failed', id: null, message: error instanceof Error ? error.message : String(error) });
      }
      return;
    case 'run':
      try {
        reply({ type: 'sample', id: message.id, sample: await run(message.apiName, message.client, message.clients, message.load) });
      } catch (error) {
        reply({ type: 'failed', id: message.id, message: error instanceof Error ? error.message : String(error) });
      }
      return;
    case 'close':
      for (const client of [...clients.gradio, ...clients.plain]) client.close();
      process.disconnect();
      return;
  }
}

process.on('message', (message: HttpLoadRequest) => void handle(message));
// The bench went away: so does its load generator.
process.on('disconnect', () => process.exit(0));
