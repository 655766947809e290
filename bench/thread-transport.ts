/**
 * `npx tsx bench/thread-transport.ts [--rounds 6] [--calls 300]`: the CPU per call of one ONNX
 * model reached through a WorkerHost on the child-process transport and on the worker-thread
 * transport (issue 17's "trusted ONNX model in a thread" lever, `"isolation": "thread"`), side by
 * side in one run: the same model file, one intra-op thread each, sequential calls with a
 * 512-float row (a Float32Array, as the engine sends it), rounds interleaved (the order alternating) so the machine's load falls on both.
 * Two models: the bench's ~5 ms one (calibrated here) and a one-layer one where the call's
 * overhead is most of its cost. CPU is the whole tree's: this process (the thread's CPU included)
 * plus the child process.
 */
import os from 'node:os';
import { model as modelSchema } from '../preload/shared/project/schema-models.js';
import type { ResolvedModel } from '../main/runtimes/runtime.js';
import { WorkerHost } from '../main/runtimes/worker-host.js';
import { childProcessTransport } from '../main/runtimes/worker-process.js';
import { workerThreadTransport } from '../main/runtimes/worker-thread.js';
import type { WorkerTransport } from '../main/runtimes/worker-transport.js';
import { calibrate } from './calibrate.js';
import { commandLine, positiveInteger } from './cli-args.js';
import { makeRows, writeModel, type ModelSize } from './model.js';
import { processCpuUs } from './proc-cpu.js';
import { median } from './stats.js';

const WIDTH = 512;
const USAGE = `Usage: npx tsx bench/thread-transport.ts [options]

The CPU per call of one ONNX model reached through a WorkerHost on the child-process transport and
on the worker-thread transport ("isolation": "thread"), side by side in interleaved rounds of
sequential calls with a 512-float row, for the bench's ~5 ms model (calibrated here) and a one-layer
one. CPU is the whole tree's: this process plus the child. Prints a Markdown table.

Options:
  --rounds N   interleaved rounds (default 6)
  --calls N    sequential calls per side and round (default 300)
  -h, --help   this help
`;

const { ROUNDS, CALLS } = commandLine(
  {
    command: 'bench/thread-transport.ts',
    usage: USAGE,
    options: { rounds: { type: 'string', default: '6' }, calls: { type: 'string', default: '300' } },
  },
  (values) => ({ ROUNDS: positiveInteger('rounds', values.rounds), CALLS: positiveInteger('calls', values.calls) }),
);
const signal = new AbortController().signal;

function resolved(file: string, dir: string): ResolvedModel {
  const definition = modelSchema.parse({
    runtime: 'onnx',
    source: { path: 'cost.onnx' },
    device: 'cpu',
    threads: 1,
    inputs: [{ name: 'x', dtype: 'float32', shape: ['batch', WIDTH] }],
    outputs: [{ name: 'y', dtype: 'float32', shape: ['batch', WIDTH] }],
  });
  return { name: 'cost', definition, environment: { cacheDir: dir, offline: true, hubEndpoint: 'http://127.0.0.1:9' }, localPath: file };
}

const selfCpuUs = (): number => {
  const used = process.cpuUsage();
  return used.user + used.system;
};

interface Side {
  readonly label: string;
  readonly host: WorkerHost;
  readonly cpuUs: number[];
  readonly wallMs: number[];
  /** The same CPU read from /proc for both processes: a cross-check of getrusage (10 ms ticks). */
  readonly procUs: number[];
}

/** One round of `CALLS` sequential calls on one side: CPU µs and wall ms per call. */
async function round(side: Side, rows: readonly Float32Array[]): Promise<void> {
  const pid = side.host.pid ?? -1;
  const cpu = selfCpuUs() + processCpuUs(pid);
  const proc = processCpuUs(process.pid) + processCpuUs(pid);
  const started = performance.now();
  for (let i = 0; i < CALLS; i++) await side.host.infer(rows[i % rows.length], { signal });
  side.wallMs.push((performance.now() - started) / CALLS);
  side.cpuUs.push((selfCpuUs() + processCpuUs(pid) - cpu) / CALLS);
  side.procUs.push((processCpuUs(process.pid) + processCpuUs(pid) - proc) / CALLS);
}

async function compare(name: string, size: ModelSize): Promise<string[]> {
  const files = await writeModel(size, 'thread-transport');
  const model = resolved(files.file, files.dir);
  const open = (label: string, transport: WorkerTransport): Side => ({
    label,
    host: new WorkerHost({ spec: { kind: 'model', model }, transport }),
    cpuUs: [],
    wallMs: [],
    procUs: [],
  });
  const sides = [open('child process', childProcessTransport), open('worker thread', workerThreadTransport)];
  // What the engine sends for a flat float32 row (main/engine/model-input.ts).
  const rows = makeRows(WIDTH).map((row) => Float32Array.from(row));
  try {
    for (const side of sides) await side.host.load({ signal });
    for (const side of sides) for (let i = 0; i < 50; i++) await side.host.infer(rows[i % rows.length], { signal });
    for (let r = 0; r < ROUNDS; r++) for (const side of r % 2 === 0 ? sides : [...sides].reverse()) await round(side, rows);
    return sides.map(
      (side) =>
        `| ${name} (depth ${size.depth}) | ${side.label} | ${median(side.wallMs).toFixed(3)} | ${median(side.cpuUs).toFixed(0)} | ` +
        `${Math.min(...side.cpuUs).toFixed(0)}–${Math.max(...side.cpuUs).toFixed(0)} | ${median(side.procUs).toFixed(0)} |`,
    );
  } finally {
    await Promise.all(sides.map((side) => side.host.dispose()));
    await files.remove();
  }
}

const calibration = await calibrate({ targetMs: 5, width: WIDTH, tolerance: 0.15, runs: 15, maxDepth: 512, maxProbes: 5 });
const lines = [
  `${ROUNDS} interleaved rounds of ${CALLS} sequential calls per side, 512 floats in and out, 1 intra-op thread`,
  '',
  '| model | transport | wall ms per call (median of rounds) | CPU µs per call (median) | CPU µs per call (range) | CPU µs per call, /proc (median) |',
  '|---|---|---:|---:|---:|---:|',
  ...(await compare('~5 ms', calibration.size)),
  ...(await compare('one layer', { width: WIDTH, depth: 1 })),
];
process.stdout.write(
  `${lines.join('\n')}\n\nload average ${os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}, ${os.cpus().length} cores\n`,
);
