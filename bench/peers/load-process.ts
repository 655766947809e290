/**
 * A cell's callers and their client, in a process of their own (forked by load.ts), as a client
 * program would run: a client's CPU per call (about a millisecond for @gradio/client) must not be
 * charged to the server under test, nor to the harness. The load is the bench's closed loop
 * (bench/load.ts `measure`); the clients are the bench's plain Gradio-protocol client
 * (bench/plain-client.ts), the real @gradio/client (bench/gradio-client.ts) or the POST client.
 * Every answer is checked: `width` output values, else the call counts as an error.
 */
import { connect } from '../gradio-client.js';
import { measure, type LoadOptions } from '../load.js';
import { makeRows } from '../model.js';
import { PlainClient } from '../plain-client.js';
import type { ClientKind, LoadReply, LoadRequest } from './load-protocol.js';
import { PostClient } from './post-client.js';

interface Caller {
  call(endpoint: string, row: readonly number[]): Promise<unknown>;
  close(): void;
}

interface ModelOutput {
  readonly y?: { readonly data?: unknown };
}

/** The output values of an answer shaped `{ y: { dims, data } }` (an array, or an object of indices). */
export function outputValues(answer: unknown): number[] {
  const data = (answer as ModelOutput | null)?.y?.data;
  const values: unknown[] = Array.isArray(data) ? data : typeof data === 'object' && data !== null ? Object.values(data) : [];
  return values.filter((value): value is number => typeof value === 'number');
}

async function openCallers(kind: ClientKind, url: string, clients: number): Promise<Caller[]> {
  if (kind === 'post') {
    const client = new PostClient(new URL(url));
    return [{ call: (_endpoint, row) => client.call(row), close: () => client.close() }];
  }
  const callers: Caller[] = [];
  for (let i = 0; i < clients; i++) {
    const client = kind === 'plain' ? await PlainClient.connect(url) : await connect(url);
    callers.push({
      call: async (endpoint, row) => (await client.predict(endpoint, [row])).data[0],
      close: () => client.close(),
    });
  }
  return callers;
}

let callers: Caller[] = [];
let rows: number[][] = [];
let width = 0;

const reply = (message: LoadReply): void => {
  process.send?.(message);
};

async function callChecked(caller: Caller, endpoint: string, row: readonly number[]): Promise<number[]> {
  const values = outputValues(await caller.call(endpoint, row));
  if (values.length !== width) throw new Error(`expected ${width} output values, got ${values.length}`);
  return values;
}

async function run(id: number, endpoint: string, count: number, load: LoadOptions): Promise<LoadReply> {
  const used = callers.slice(0, Math.max(1, Math.min(count, callers.length)));
  let completed = 0;
  const sample = await measure(async (index) => {
    await callChecked(used[index % used.length] as Caller, endpoint, rows[index % rows.length] as number[]);
    completed++;
  }, load);
  return { type: 'sample', id, sample, completed };
}

async function handle(message: LoadRequest): Promise<void> {
  try {
    switch (message.type) {
      case 'open':
        width = message.width;
        rows = makeRows(width);
        callers = await openCallers(message.kind, message.url, message.clients);
        reply({ type: 'opened', pid: process.pid });
        return;
      case 'check':
        reply({ type: 'checked', values: await callChecked(callers[0] as Caller, message.endpoint, message.row) });
        return;
      case 'run':
        reply(await run(message.id, message.endpoint, message.clients, message.load));
        return;
      case 'close':
        for (const caller of callers) caller.close();
        process.disconnect();
        return;
    }
  } catch (error) {
    reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
}

process.on('message', (message: LoadRequest) => void handle(message));
// The harness went away: so does its client.
process.on('disconnect', () => process.exit(0));
