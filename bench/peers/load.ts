import type { ChildProcess } from 'node:child_process';
import { forkBenchChild, nextMessage } from '../child.js';
import type { LoadOptions, Sample } from '../load.js';
import { PeersError } from './errors.js';
import type { ClientKind, LoadReply, LoadRequest } from './load-protocol.js';

/** The harness's side of one client process (load-process.ts): open, check, run slices, close. */

export interface Load {
  readonly pid: number;
  check(endpoint: string, row: readonly number[]): Promise<readonly number[]>;
  run(endpoint: string, clients: number, load: LoadOptions): Promise<{ sample: Sample; completed: number }>;
  close(): Promise<void>;
}

async function ask(child: ChildProcess, request: LoadRequest, what: string): Promise<LoadReply> {
  const replied = nextMessage<LoadReply>(child);
  child.send(request);
  const reply = await replied;
  if (reply.type === 'failed') throw new PeersError('LOAD_FAILED', `${what}: ${reply.message}`);
  return reply;
}

export async function openLoad(label: string, kind: ClientKind, url: string, width: number, clients: number): Promise<Load> {
  const child = forkBenchChild('peers/load-process.ts');
  const close = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (child.connected) child.send({ type: 'close' } satisfies LoadRequest);
    else child.kill();
    await exited;
  };
  try {
    await ask(child, { type: 'open', kind, url, width, clients }, `${label}: the ${kind} client could not connect to ${url}`);
  } catch (error) {
    child.kill();
    throw error;
  }
  let nextId = 1;
  return {
    pid: child.pid ?? -1,
    check: async (endpoint, row) => {
      const reply = await ask(child, { type: 'check', endpoint, row }, `${label}: the check call failed`);
      if (reply.type !== 'checked') throw new PeersError('LOAD_FAILED', `${label}: unexpected reply ${reply.type}`);
      return reply.values;
    },
    run: async (endpoint, count, load) => {
      const id = nextId++;
      const reply = await ask(child, { type: 'run', id, endpoint, clients: count, load }, `${label}: the load failed`);
      if (reply.type !== 'sample' || reply.id !== id) throw new PeersError('LOAD_FAILED', `${label}: unexpected reply ${reply.type}`);
      return { sample: reply.sample, completed: reply.completed };
    },
    close,
  };
}
