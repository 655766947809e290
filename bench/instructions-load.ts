/**
 * The client side of `npm run bench:instr` (instructions.ts), run natively in its own process: the
 * plain keep-alive clients (plain-client.ts) and a closed loop that sends an exact number of
 * requests, not a timed window, so the instruction count of the server (under callgrind, where it is
 * ~100× slower) is divided by requests that all started and ended inside the counted window.
 */
import { makeRows } from './model.js';
import { PlainClient } from './plain-client.js';

export type InstrLoadRequest =
  | { readonly type: 'open'; readonly url: string; readonly width: number; readonly clients: number }
  | { readonly type: 'run'; readonly apiName: string; readonly callers: number; readonly count: number }
  | { readonly type: 'close' };

export type InstrLoadReply =
  | { readonly type: 'opened'; readonly pid: number }
  | { readonly type: 'done'; readonly requests: number; readonly ms: number }
  | { readonly type: 'failed'; readonly message: string };

interface CostOutput {
  readonly y?: { readonly data?: unknown };
}

const clients: PlainClient[] = [];
let rows: number[][] = [];
let width = 0;

const reply = (message: InstrLoadReply): void => void process.send?.(message);

function valueCount(data: unknown): number | undefined {
  if (Array.isArray(data)) return data.length;
  if (typeof data === 'object' && data !== null) return Object.keys(data).length;
  return undefined;
}

/**
 * A call, sent again when its keep-alive socket was reset: under callgrind the pauses between
 * windows (callgrind_control) can outlast the server's keep-alive timeout (5 s), and a request
 * written on a socket the server is closing fails with ECONNRESET before the server reads it.
 */
async function predict(client: PlainClient, endpoint: string, data: unknown[]): Promise<{ data: unknown[] }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await client.predict(endpoint, data);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code !== 'ECONNRESET' || attempt >= 3) throw error;
    }
  }
}

/** `count` requests from `callers` closed-loop callers, spread over the clients round-robin. */
async function run(apiName: string, callers: number, count: number): Promise<number> {
  const endpoint = `/${apiName}`;
  let next = 0;
  let done = 0;
  const caller = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      const client = clients[index % clients.length] as PlainClient;
      const result = await predict(client, endpoint, [rows[index % rows.length]]);
      const got = valueCount((result.data[0] as CostOutput | undefined)?.y?.data);
      if (got !== width) throw new Error(`expected ${width} output values, got ${got ?? 'none'}`);
      done++;
    }
  };
  await Promise.all(Array.from({ length: callers }, caller));
  return done;
}

async function handle(message: InstrLoadRequest): Promise<void> {
  try {
    switch (message.type) {
      case 'open':
        width = message.width;
        rows = makeRows(width);
        for (let i = 0; i < message.clients; i++) clients.push(await PlainClient.connect(message.url));
        reply({ type: 'opened', pid: process.pid });
        return;
      case 'run': {
        const started = performance.now();
        const requests = await run(message.apiName, message.callers, message.count);
        reply({ type: 'done', requests, ms: performance.now() - started });
        return;
      }
      case 'close':
        for (const client of clients) client.close();
        process.disconnect();
        return;
    }
  } catch (error) {
    reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
}

process.on('message', (message: InstrLoadRequest) => void handle(message));
process.on('disconnect', () => process.exit(0));
