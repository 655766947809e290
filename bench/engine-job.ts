/**
 * `npx tsx bench/engine-job.ts [--a DIR] [--b DIR] [--rounds 6] [--jobs 4000] [--width 256]`:
 * the engine's own work per job in its process (issue 17, session 28), without a model, an IPC
 * channel or HTTP. Each side is `createEngine` of a checkout (`--a`, `--b`: repository roots,
 * default this one; both are loaded into this process and their rounds interleaved, A B B A ...),
 * on the bench's project (bench/project.ts), whose ONNX model's worker is replaced by an
 * in-process echo (`host.transport`): it answers each `infer` on the next `setImmediate` with a
 * constant output of the model's shape (one per row for a batch). So what is measured is the
 * scheduler, admission, the function runner, the pool, WorkerHost's parent side and the job's
 * events, plus the echo's constant cost, the same on both sides.
 *
 * Cells: `1` one serial caller (unbatched event, limit 1); `64u` 64 callers, unbatched, limit 64;
 * `64b` 64 callers on the adaptive batching event (≤ 32 a batch, limit 1), as the batched HTTP
 * cell. Each call is `engine.run` with its own AbortController and session, as the server makes
 * them. Per job: CPU µs of this process (process.cpuUsage), heap bytes allocated (v8.GCProfiler,
 * as bench/profile-alloc.ts: load-independent) and the main thread's GC pauses (µs; fewer bytes is
 * not always less GC: what survives a scavenge is what costs). Medians over the rounds.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Session } from 'node:inspector/promises';
import { allocatedDuring } from './heap-allocated.js';
import { commandLine, positiveInteger, UsageError } from './cli-args.js';
import { projectJson, type CellEvent } from './project.js';

const USAGE = `npx tsx bench/engine-job.ts [options]

The engine's own work per job in its process (scheduler, admission, function runner, pool,
WorkerHost's parent side, job events), with an in-process echo for the model's worker: CPU µs,
heap bytes allocated and GC pauses per job, medians over interleaved rounds of two checkouts.

  --a DIR        checkout A, a repository root (default this one)
  --b DIR        checkout B (optional: without it, only A is measured)
  --rounds N     rounds per side (default 6)
  --jobs N       jobs per round and cell (default 4000)
  --width N      the model's row width (default 256)
  --cells LIST   1 (one serial caller), 64u (64 callers, unbatched), 64b (64 callers, adaptive
                 batching), comma-separated (default 1,64u,64b)
  --heap         also print the top allocation sites per job of each cell (V8's sampling heap profiler)
  -h, --help     this help
`;

const CELL_NAMES = ['1', '64u', '64b'];

const values = commandLine(
  {
    command: 'bench/engine-job.ts',
    usage: USAGE,
    options: {
      a: { type: 'string', default: resolve(import.meta.dirname, '..') },
      b: { type: 'string' },
      rounds: { type: 'string', default: '6' },
      jobs: { type: 'string', default: '4000' },
      width: { type: 'string', default: '256' },
      cells: { type: 'string', default: '1,64u,64b' },
      heap: { type: 'boolean', default: false },
    },
  },
  (parsed) => ({
    ...parsed,
    rounds: positiveInteger('rounds', parsed.rounds),
    jobs: positiveInteger('jobs', parsed.jobs),
    width: positiveInteger('width', parsed.width),
    cells: parsed.cells.split(',').map((cell) => {
      if (!CELL_NAMES.includes(cell)) throw new UsageError(`--cells: "${cell}" is not one of ${CELL_NAMES.join(', ')}`);
      return cell;
    }),
  }),
);
const ROUNDS = values.rounds;
const JOBS = values.jobs;
const WIDTH = values.width;
const CELLS = values.cells;

interface RunRequestLike {
  eventIndex: number;
  inputs: unknown[];
  signal: AbortSignal;
  sessionId: string;
  onQueue: () => void;
  onStart: () => void;
}
interface EngineLike {
  readonly app: { readonly events: readonly { readonly apiName: string; readonly index: number }[] };
  run(request: RunRequestLike): Promise<unknown[]>;
  dispose(): Promise<void>;
}

type Message = { type: string; jobId?: number; input?: unknown };

/** An in-process worker: hello at once, loaded on load, and each infer answered on the next setImmediate. */
function echoTransport(width: number): { open(options: unknown): unknown } {
  const output = { y: { dims: [1, width], data: new Float32Array(width) } };
  return {
    open: () => {
      const listeners = new Set<(message: unknown) => void>();
      const deliver = (message: unknown): void => {
        for (const listener of listeners) listener(message);
      };
      let resolveExit: (info: { code: number | null; signal: null }) => void = () => undefined;
      const exited = new Promise<{ code: number | null; signal: null }>((done) => (resolveExit = done));
      const connection = {
        pid: -1,
        alive: true,
        exited,
        residentBytes: undefined,
        onMessage(listener: (message: unknown) => void) {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
        send(message: Message) {
          if (!connection.alive) return false;
          if (message.type === 'load')
            setImmediate(deliver, {
              type: 'loaded',
              info: { device: 'cpu', loadMs: 0 },
              capabilities: { streaming: false, batching: true, devices: ['cpu'] },
            });
          else if (message.type === 'infer') {
            const input = message.input as { batch?: unknown[] };
            const value = Array.isArray(input.batch) ? input.batch.map(() => output) : output;
            setImmediate(deliver, { type: 'result', jobId: message.jobId, value });
          } else if (message.type === 'shutdown') void connection.kill();
          return true;
        },
        kill() {
          connection.alive = false;
          resolveExit({ code: 0, signal: null });
          return exited;
        },
        shutdown() {
          return connection.kill();
        },
        stderrTail: () => '',
        crashHint: () => undefined,
      };
      setImmediate(deliver, { type: 'hello' });
      return connection;
    },
  };
}

interface Side {
  readonly label: string;
  readonly engine: EngineLike;
  readonly index: Record<string, number>;
  readonly cpu: Record<string, number[]>;
  readonly bytes: Record<string, number[]>;
  /** Main-thread GC pauses, µs per job. */
  readonly gc: Record<string, number[]>;
}

const EVENTS: CellEvent[] = [
  { apiName: 'one', mode: 'off', concurrency: 1, limit: 1 },
  { apiName: 'many', mode: 'off', concurrency: 64, limit: 64 },
  { apiName: 'batched', mode: 'adaptive', concurrency: 64, limit: 1 },
];
const CELL_EVENT: Record<string, { apiName: string; callers: number }> = {
  '1': { apiName: 'one', callers: 1 },
  '64u': { apiName: 'many', callers: 64 },
  '64b': { apiName: 'batched', callers: 64 },
};

async function openSide(label: string, root: string, dir: string): Promise<Side> {
  const file = join(dir, `${label}.json`);
  await writeFile(file, JSON.stringify(projectJson({ width: WIDTH, events: EVENTS })));
  const { loadProject } = (await import(pathToFileURL(join(root, 'main/project/load.ts')).href)) as {
    loadProject: (file: string) => Promise<unknown>;
  };
  const { createEngine } = (await import(pathToFileURL(join(root, 'main/engine/create-engine.ts')).href)) as {
    createEngine: (options: unknown) => Promise<EngineLike>;
  };
  const loaded = await loadProject(file);
  const engine = await createEngine({
    loaded,
    environment: { offline: true, cacheDir: join(dir, 'cache') },
    host: { transport: echoTransport(WIDTH) },
    gpu: false,
  });
  const index = Object.fromEntries(engine.app.events.map((event) => [event.apiName, event.index]));
  return { label, engine, index, cpu: {}, bytes: {}, gc: {} };
}

const noop = (): void => undefined;

/** `jobs` calls by `callers` closed-loop callers. */
async function drive(side: Side, cell: string, jobs: number, rows: number[][]): Promise<void> {
  const { apiName, callers } = CELL_EVENT[cell] as { apiName: string; callers: number };
  const eventIndex = side.index[apiName] as number;
  let next = 0;
  const caller = async (c: number): Promise<void> => {
    const sessionId = `s${c}`;
    while (next < jobs) {
      const i = next++;
      await side.engine.run({
        eventIndex,
        inputs: [rows[i % rows.length]],
        signal: new AbortController().signal,
        sessionId,
        onQueue: noop,
        onStart: noop,
      });
    }
  };
  await Promise.all(Array.from({ length: callers }, (_, c) => caller(c)));
}

async function measure(side: Side, cell: string, rows: number[][]): Promise<void> {
  const cpu = process.cpuUsage();
  const { bytes, gcUs } = await allocatedDuring(() => drive(side, cell, JOBS, rows));
  const used = process.cpuUsage(cpu);
  (side.cpu[cell] ??= []).push((used.user + used.system) / JOBS);
  (side.bytes[cell] ??= []).push(bytes / JOBS);
  (side.gc[cell] ??= []).push(gcUs / JOBS);
}

const median = (list: readonly number[]): number => {
  const sorted = [...list].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

interface HeapNode {
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly selfSize: number;
  readonly children: readonly HeapNode[];
}

/** `--heap`: V8's sampling heap profiler over one window of a cell on the first side; bytes per job by allocating function and its caller. */
async function heapSites(side: Side, cell: string, rows: number[][]): Promise<void> {
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 256,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  await drive(side, cell, JOBS, rows);
  const { profile } = (await session.post('HeapProfiler.getSamplingProfile')) as unknown as { profile: { head: HeapNode } };
  await session.post('HeapProfiler.stopSampling');
  session.disconnect();
  const name = (node: HeapNode): string =>
    `${node.callFrame.functionName || '(anon)'} ${node.callFrame.url.replace(/^.*\/(main|bench|node_modules)\//, '$1/')}`;
  const sites = new Map<string, number>();
  const walk = (node: HeapNode, parent: string): void => {
    const here = name(node);
    if (node.selfSize > 0) sites.set(`${here} <- ${parent}`, (sites.get(`${here} <- ${parent}`) ?? 0) + node.selfSize);
    for (const child of node.children) walk(child, here);
  };
  walk(profile.head, '');
  console.log(`heap sites, cell ${cell}, bytes per job:`);
  for (const [site, bytes] of [...sites].sort((x, y) => y[1] - x[1]).slice(0, 30))
    console.log(`${String(Math.round(bytes / JOBS)).padStart(7)}  ${site}`);
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'engine-job-'));
  // Never loaded (the echo stands in for the worker); the project only needs the file to exist.
  await writeFile(join(dir, 'cost.onnx'), new Uint8Array(16));
  const rows = Array.from({ length: 64 }, (_, r) => Array.from({ length: WIDTH }, (_, i) => Math.sin(r * 7.1 + i * 0.37)));
  const sides = [await openSide('A', values.a, dir)];
  if (values.b) sides.push(await openSide('B', values.b, dir));
  for (const side of sides) for (const cell of CELLS) await drive(side, cell, JOBS / 2, rows); // warm-up
  if (values.heap) {
    for (const cell of CELLS) await heapSites(sides[0] as Side, cell, rows);
    for (const side of sides) await side.engine.dispose();
    return;
  }
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? sides : [...sides].reverse();
    for (const cell of CELLS) for (const side of order) await measure(side, cell, rows);
  }
  console.log(`engine-job: ${JOBS} jobs × ${ROUNDS} rounds a cell, width ${WIDTH}; A=${values.a}${values.b ? ` B=${values.b}` : ''}`);
  console.log('cell | side | CPU µs/job (median; min–max) | heap bytes/job (median) | GC µs/job (median)');
  for (const cell of CELLS) {
    for (const side of sides) {
      const cpu = side.cpu[cell] ?? [];
      const fmt = (x: number): string => x.toFixed(1);
      console.log(
        `${cell} | ${side.label} | ${fmt(median(cpu))} (${fmt(Math.min(...cpu))}–${fmt(Math.max(...cpu))}) | ${Math.round(median(side.bytes[cell] ?? []))} | ${fmt(median(side.gc[cell] ?? []))}`,
      );
    }
  }
  for (const side of sides) await side.engine.dispose();
  await rm(dir, { recursive: true, force: true });
}

await main();
