/**
 * `npx tsx bench/native-run.ts`: the native run of one model (onnxruntime's own time, inside
 * onnxruntime-node's setImmediate) wherever it runs, side by side in interleaved blocks (issue 17:
 * why the native run can be slower in the engine's worker than in the raw loop; docs/performance.md,
 * "Session 27: the worker's side of one request"). Sides: two sessions in this process, back to
 * back (`raw A`, `raw B`: two copies of the weights); `raw A` with an IPC round trip to an idle
 * child between runs (`raw+ping`: the wait a worker has between jobs); three identical plain child
 * processes over IPC (no loader; the instance's own luck); one under tsx's loader. Each row: the
 * native run's p10 and p50 in the first and second half of the blocks (a side slower in both
 * halves is slower as such; one slower in one half met other load), and this or the child's
 * process CPU over the run (process.cpuUsage, every thread: CPU equal to wall time means the run
 * computed slower, not that it was preempted).
 *
 *   npx tsx bench/native-run.ts [--width 512] [--depth 100] [--blocks 40] [--block 20]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Tensor, type InferenceSession } from 'onnxruntime-node';
import { silentLogger } from '../main/common/logger.js';
import { createSession } from '../main/runtimes/onnx/onnx-session.js';
import { buildCostModel } from '../models/generator/cost-model.js';
import { commandLine, positiveInteger } from './cli-args.js';
import { percentile } from './stats.js';

const USAGE = `Usage: npx tsx bench/native-run.ts [options]

The native run of one model (onnxruntime's own time) wherever it runs, side by side in interleaved
blocks: two sessions in this process, one of them with an IPC round trip to an idle child between
runs, three plain child processes and one under tsx's loader. Per side: the native run's p10 and
p50 in the first and second half of the blocks, and the process's CPU over the run. Prints a
Markdown table.

Options:
  --width N    the cost model's width (default 512)
  --depth N    the cost model's depth (default 100)
  --blocks N   interleaved blocks (default 40)
  --block N    runs per side in each block (default 20)
  -h, --help   this help
`;

const args = commandLine(
  {
    command: 'bench/native-run.ts',
    usage: USAGE,
    options: {
      width: { type: 'string', default: '512' },
      depth: { type: 'string', default: '100' },
      blocks: { type: 'string', default: '40' },
      block: { type: 'string', default: '20' },
    },
  },
  (values) => ({
    width: positiveInteger('width', values.width),
    depth: positiveInteger('depth', values.depth),
    blocks: positiveInteger('blocks', values.blocks),
    block: positiveInteger('block', values.block),
  }),
);
const WIDTH = args.width;
const BLOCKS = args.blocks;
const BLOCK = args.block;
process.env.ONE_CALLER_TRACE_CPU = '1';
const HOOK = join(import.meta.dirname, 'one-caller-trace.mjs');
const { last } = (await import(pathToFileURL(HOOK).href)) as { last: { nativeStart: number; nativeEnd: number; nativeCpu: number } };

/** One native run: wall µs and the process's CPU µs over it. */
type Run = readonly [wall: number, cpu: number];
interface Reply {
  readonly id?: number;
  readonly ready?: boolean;
  readonly wall?: number;
  readonly cpu?: number;
}

function openChild(
  modelFile: string,
  options: { echo?: boolean; tsx?: boolean } = {},
): { child: ChildProcess; ready: Promise<void>; call: (row: Float32Array) => Promise<Reply> } {
  const execArgv = options.tsx ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] : [];
  const env = { ...process.env, MODEL_FILE: modelFile, ECHO: options.echo ? '1' : '0' };
  const child = fork(join(import.meta.dirname, 'native-run-child.mjs'), [], { serialization: 'advanced', execArgv, env });
  const waiting = new Map<number, (reply: Reply) => void>();
  let nextId = 0;
  const ready = new Promise<void>((resolve) =>
    child.on('message', (reply: Reply) => {
      if (reply.ready) resolve();
      else if (reply.id !== undefined) waiting.get(reply.id)?.(reply);
    }),
  );
  const call = (row: Float32Array): Promise<Reply> =>
    new Promise((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      child.send({ id, row });
    });
  return { child, ready, call };
}

async function rawRun(session: InferenceSession, row: Float32Array): Promise<Run> {
  await session.run({ x: new Tensor('float32', row, [1, WIDTH]) });
  return [last.nativeEnd - last.nativeStart, last.nativeCpu];
}

const q = (values: readonly number[], p: number): string =>
  percentile(
    [...values].sort((a, b) => a - b),
    p,
  ).toFixed(0);

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'demo-desktop-native-run-'));
  const modelFile = join(dir, 'cost.onnx');
  await writeFile(modelFile, buildCostModel({ width: WIDTH, depth: args.depth, seed: 7 }));
  const row = new Float32Array(WIDTH).map((_, i) => Math.sin(i * 0.37));
  const [a, b] = [
    await createSession(modelFile, 'cpu', { logger: silentLogger }),
    await createSession(modelFile, 'cpu', { logger: silentLogger }),
  ];
  const echo = openChild(modelFile, { echo: true });
  const children = [openChild(modelFile), openChild(modelFile), openChild(modelFile), openChild(modelFile, { tsx: true })];
  await Promise.all([echo, ...children].map((c) => c.ready));
  const fromChild = (c: (typeof children)[number]) => async (): Promise<Run> => {
    const reply = await c.call(row);
    return [reply.wall ?? Number.NaN, reply.cpu ?? Number.NaN];
  };
  const sides: Record<string, () => Promise<Run>> = {
    'raw A': () => rawRun(a.session, row),
    'raw B': () => rawRun(b.session, row),
    'raw A + ping': async () => {
      const run = await rawRun(a.session, row);
      await echo.call(row);
      return run;
    },
    'child 1': fromChild(children[0] as (typeof children)[number]),
    'child 2': fromChild(children[1] as (typeof children)[number]),
    'child 3': fromChild(children[2] as (typeof children)[number]),
    'child, tsx loader': fromChild(children[3] as (typeof children)[number]),
  };
  const names = Object.keys(sides);
  const runs = new Map(names.map((name) => [name, [[], []] as Run[][]]));
  for (const name of names) for (let i = 0; i < BLOCK; i++) await sides[name]?.();
  const before = loadavg();
  for (let block = 0; block < BLOCKS; block++) {
    for (const name of block % 2 === 0 ? names : [...names].reverse()) {
      const into = runs.get(name)?.[block < BLOCKS / 2 ? 0 : 1] ?? [];
      for (let i = 0; i < BLOCK; i++) into.push(await (sides[name] as () => Promise<Run>)());
    }
  }
  const load = (values: number[]): string => values.map((n) => n.toFixed(2)).join(' ');
  console.log(
    `width ${WIDTH}, depth ${args.depth}, ${BLOCKS} blocks × ${BLOCK} runs per side, interleaved; load ${load(before)} → ${load(loadavg())}\n`,
  );
  console.log(
    '| side | first half p10 / p50 µs | second half p10 / p50 µs | process CPU over the run, p50 µs |\n| --- | ---: | ---: | ---: |',
  );
  for (const [name, [first = [], second = []]] of runs) {
    const wall = (list: Run[]): number[] => list.map((run) => run[0]);
    const cpu = [...first, ...second].map((run) => run[1]);
    console.log(
      `| ${name} | ${q(wall(first), 0.1)} / ${q(wall(first), 0.5)} | ${q(wall(second), 0.1)} / ${q(wall(second), 0.5)} | ${q(cpu, 0.5)} |`,
    );
  }
  for (const c of [echo, ...children]) c.child.disconnect();
  await Promise.all([a.session.release(), b.session.release()]);
  await rm(dir, { recursive: true, force: true });
}

await main();
