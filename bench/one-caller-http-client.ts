/**
 * The client side of `bench/one-caller-http.ts`, in its own process as in the bench: one serial
 * caller through the plain keep-alive client or the real @gradio/client, with the start and end of
 * each call, every socket write and read of this process (socket-trace.mjs), and this process's
 * CPU and context switches per round. Spoken over the IPC channel (OneCallerClientRequest).
 */
import { readFileSync } from 'node:fs';
// First: the socket hooks must be in place before any client opens a socket.
import { record, takeSocketEvents, type TracedSocketEvent } from './socket-trace.mjs';
import { connect } from './gradio-client.js';
import type { ClientKind } from './http-load-process.js';
import { makeRows } from './model.js';
import { PlainClient } from './plain-client.js';

export type OneCallerClientRequest =
  | { readonly type: 'open'; readonly url: string; readonly width: number }
  | { readonly type: 'run'; readonly client: ClientKind; readonly apiName: string; readonly count: number }
  | { readonly type: 'close' };

/** The main thread's CPU (µs) and context switches, from /proc. */
export interface ThreadCounts {
  readonly cpuUs: number;
  readonly voluntary: number;
  readonly involuntary: number;
}

export type OneCallerClientReply =
  | { readonly type: 'opened'; readonly pid: number }
  | {
      readonly type: 'ran';
      readonly calls: readonly { readonly start: number; readonly end: number }[];
      readonly events: readonly TracedSocketEvent[];
      readonly cpuUs: number;
      readonly main: ThreadCounts;
      readonly wallMs: number;
    }
  | { readonly type: 'failed'; readonly message: string };

interface Client {
  predict(endpoint: string, data: unknown[]): Promise<{ data: unknown[] }>;
  close(): void;
}

const now = (): number => Number(process.hrtime.bigint()) / 1000;

/** A thread's CPU and context switches so far (/proc/<pid>/task/<tid>). */
export function threadCounts(pid: number, tid: number = pid): ThreadCounts {
  const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
  const status = readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    cpuUs: (Number(fields[11]) + Number(fields[12])) * 10_000,
    voluntary: Number(/\nvoluntary_ctxt_switches:\s+(\d+)/.exec(status)?.[1] ?? 0),
    involuntary: Number(/nonvoluntary_ctxt_switches:\s+(\d+)/.exec(status)?.[1] ?? 0),
  };
}

const clients = new Map<ClientKind, Client>();
let rows: number[][] = [];
let width = 0;

const reply = (message: OneCallerClientReply): void => {
  process.send?.(message);
};

async function run(kind: ClientKind, apiName: string, count: number): Promise<OneCallerClientReply> {
  const client = clients.get(kind);
  if (!client) throw new Error(`no ${kind} client`);
  const calls: { start: number; end: number }[] = [];
  const cpu0 = process.cpuUsage();
  const main0 = threadCounts(process.pid);
  const wall0 = performance.now();
  takeSocketEvents();
  record(true);
  for (let i = 0; i < count; i++) {
    const start = now();
    const result = await client.predict(`/${apiName}`, [rows[i % rows.length]]);
    const end = now();
    const out = result.data[0] as { y?: { data?: unknown } } | undefined;
    const data = out?.y?.data;
    const got = Array.isArray(data) ? data.length : typeof data === 'object' && data !== null ? Object.keys(data).length : -1;
    if (got !== width) throw new Error(`${kind}: expected ${width} output values, got ${got}`);
    calls.push({ start, end });
  }
  record(false);
  const wallMs = performance.now() - wall0;
  const cpu = process.cpuUsage(cpu0);
  const main1 = threadCounts(process.pid);
  return {
    type: 'ran',
    calls,
    events: takeSocketEvents(),
    cpuUs: cpu.user + cpu.system,
    main: {
      cpuUs: main1.cpuUs - main0.cpuUs,
      voluntary: main1.voluntary - main0.voluntary,
      involuntary: main1.involuntary - main0.involuntary,
    },
    wallMs,
  };
}

async function handle(message: OneCallerClientRequest): Promise<void> {
  try {
    switch (message.type) {
      case 'open':
        width = message.width;
        rows = makeRows(width);
        clients.set('plain', await PlainClient.connect(message.url));
        clients.set('gradio', await connect(message.url));
        reply({ type: 'opened', pid: process.pid });
        return;
      case 'run':
        reply(await run(message.client, message.apiName, message.count));
        return;
      case 'close':
        for (const client of clients.values()) client.close();
        process.disconnect();
        return;
    }
  } catch (error) {
    reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
}

process.on('message', (message: OneCallerClientRequest) => void handle(message));
process.on('disconnect', () => process.exit(0));
