import { Tensor } from 'onnxruntime-node';
import { silentLogger } from '../../main/common/logger.js';
import { createSession } from '../../main/runtimes/onnx/onnx-session.js';
import { measure, type LoadOptions, type Sample } from '../load.js';
import { openRaw } from '../paths/raw.js';
import { processCpuUs } from '../proc-cpu.js';
import type { ClientKind } from './load-protocol.js';
import { openLoad } from './load.js';
import type { PeerName } from './options.js';
import { snapshot, type CpuSnapshot } from './process-tree.js';
import type { RunningPeer } from './server-process.js';

/**
 * A row of the table: one server with one client kind. Each can answer the check row, run a slice
 * of the closed-loop load at a caller count, and say the CPU its server's process tree and its
 * client have used so far. The raw loop is a cell too: onnxruntime-node in the harness's process
 * (bench/paths/raw.ts), its "server" CPU the harness process's.
 */
export interface Cell {
  readonly label: string;
  readonly server: 'raw' | PeerName;
  readonly client: ClientKind | 'none';
  /** One call with `row` to the endpoint of `callers` callers; the output values. */
  check(row: readonly number[], callers: number): Promise<readonly number[]>;
  run(callers: number, load: LoadOptions): Promise<{ sample: Sample; completed: number }>;
  serverCpu(): CpuSnapshot;
  clientCpuUs(): number;
  close(): Promise<void>;
}

const ownCpuUs = (): number => {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
};

/** The model's output for `row` from a session of its own: what every server must answer. */
export async function referenceOutput(bytes: Uint8Array, row: readonly number[]): Promise<number[]> {
  const { session } = await createSession(bytes, 'cpu', { logger: silentLogger });
  try {
    const out = await session.run({ x: new Tensor('float32', Float32Array.from(row), [1, row.length]) });
    return Array.from(out.y?.data as Float32Array);
  } finally {
    await session.release();
  }
}

export async function rawCell(bytes: Uint8Array, width: number, rows: readonly (readonly number[])[]): Promise<Cell> {
  const raw = await openRaw(bytes, width, rows);
  return {
    label: 'raw onnxruntime-node loop',
    server: 'raw',
    client: 'none',
    check: (row) => referenceOutput(bytes, row),
    run: async (callers, load) => {
      let completed = 0;
      const sample = await measure(
        async (index) => {
          await raw.call(index);
          completed++;
        },
        { ...load, concurrency: callers },
      );
      return { sample, completed };
    },
    serverCpu: () => new Map([[process.pid, ownCpuUs()]]),
    clientCpuUs: () => 0,
    close: () => raw.dispose(),
  };
}

export interface PeerCellSpec {
  readonly label: string;
  readonly server: PeerName;
  readonly client: ClientKind;
  readonly running: RunningPeer;
  readonly endpoint: (callers: number) => string;
  readonly width: number;
  readonly clients: number;
}

export async function peerCell(spec: PeerCellSpec): Promise<Cell> {
  const load = await openLoad(spec.label, spec.client, spec.running.url, spec.width, spec.clients);
  const { running } = spec;
  return {
    label: spec.label,
    server: spec.server,
    client: spec.client,
    check: (row, callers) => load.check(spec.endpoint(callers), row),
    run: (callers, options) => load.run(spec.endpoint(callers), callers, { ...options, concurrency: callers }),
    serverCpu: () => snapshot(running.pid, running.marker),
    clientCpuUs: () => processCpuUs(load.pid),
    close: () => load.close(),
  };
}
