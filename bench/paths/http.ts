import { join } from 'node:path';
import type { Engine } from '../../main/engine/types.js';
import { startServer, type RunningServer } from '../../main/server/start-server.js';
import { connect, type GradioClient } from '../gradio-client.js';
import type { Call } from '../load.js';

/**
 * Path (c): everything in (b) plus the HTTP server on 127.0.0.1 and the real `@gradio/client`:
 * POST /gradio_api/queue/join per call, results over the session's SSE stream (protocol v3),
 * JSON both ways. Callers share `clients` client objects round-robin (one Gradio session each),
 * so the scheduler's per-session fairness sees several sessions, like several browser tabs.
 */

export interface HttpPath {
  readonly url: string;
  /** A Call for the endpoint `/apiName`, spread over the first `clients` clients. */
  call(apiName: string, clients: number): Call;
  dispose(): Promise<void>;
}

interface CostOutput {
  readonly y?: { readonly dims?: readonly number[]; readonly data?: unknown };
}

/** Output values per row: JSON turns a Float32Array into {"0": v, ...}, an array stays an array. */
function valueCount(data: unknown): number | undefined {
  if (Array.isArray(data)) return data.length;
  if (typeof data === 'object' && data !== null) return Object.keys(data).length;
  return undefined;
}

export async function openHttp(
  engine: Engine,
  dataDir: string,
  width: number,
  rows: readonly (readonly number[])[],
  maxClients: number,
): Promise<HttpPath> {
  const server: RunningServer = await startServer({ engine, dataDir: join(dataDir, 'server-data') });
  const clients: GradioClient[] = [];
  try {
    for (let i = 0; i < maxClients; i++) clients.push(await connect(server.url));
  } catch (error) {
    for (const client of clients) client.close();
    await server.close();
    throw error;
  }
  return {
    url: server.url,
    call: (apiName, count) => {
      const used = clients.slice(0, Math.max(1, Math.min(count, clients.length)));
      const endpoint = `/${apiName}`;
      return async (index) => {
        const client = used[index % used.length] as GradioClient;
        const row = rows[index % rows.length] as readonly number[];
        const result = await client.predict(endpoint, [row]);
        const out = result.data[0] as CostOutput | undefined;
        const got = valueCount(out?.y?.data);
        if (got !== width) throw new Error(`http: expected ${width} output values, got ${got ?? 'none'}`);
      };
    },
    dispose: async () => {
      for (const client of clients) client.close();
      await server.close();
    },
  };
}
