/**
 * `npm run bench:alloc`: what the server process allocates and writes per request on the HTTP
 * path (docs/performance.md, "Where the time goes", session 26). A load-independent measure: the
 * bytes V8 allocates in this process per request do not change with the machine's load, where CPU
 * time does (the CPU µs per request are printed beside them, with the load average).
 *
 * The server (and the engine behind it) runs in this process, the plain keep-alive client in the
 * load process (http-load-process.ts), as in `npm run bench:profile`. Two paths: the bench's ONNX
 * model (a 256-float row in and out; a shallow model, since the model's time is not what is
 * measured) and a trivial JS function (echo-project.ts, 16 numbers). For each path and caller
 * count, two windows after a warm-up:
 *
 * - unprofiled: heap bytes allocated per request (v8.GCProfiler: the used heap before each GC
 *   minus the used heap after the previous one, plus what is live at the end, so nothing depends
 *   on when the GCs ran), CPU µs per request of this process (and of the JS worker, for the JS
 *   path), and socket writes per request (every `net.Socket` write of this process is one
 *   `write`/`writev` syscall: counted by wrapping `Socket.prototype._writeGeneric`);
 * - sampled: V8's sampling heap profiler (objects collected by GC included), whose samples give
 *   the top allocation sites per request: by allocating function, and by the nearest frame of our
 *   own code (main/) above it.
 */
import { Socket } from 'node:net';
import { join, relative, resolve } from 'node:path';
import { Session } from 'node:inspector/promises';
import { startServer } from '../main/server/start-server.js';
import { writeEchoProject } from './echo-project.js';
import type { Sample } from './load.js';
import { machineInfo } from './machine.js';
import { makeRows, writeModel } from './model.js';
import { openEngine, type EnginePath } from './paths/engine.js';
import { openLoad, type HttpPath } from './paths/http.js';
import { writeProject } from './project.js';
import { childPids, processCpuUs } from './proc-cpu.js';
import { allocatedDuring as heapAllocatedDuring, type Allocated } from './heap-allocated.js';
import { commandLine, positiveInteger, positiveIntegers, positiveNumber, UsageError } from './cli-args.js';

const log = (line: string): void => void process.stderr.write(`${line}\n`);
const ROOT = resolve(import.meta.dirname, '..');
const ECHO_WIDTH = 16;

type PathName = 'model' | 'js';

interface AllocOptions {
  readonly callers: number[];
  readonly seconds: number;
  readonly paths: PathName[];
  readonly width: number;
  readonly depth: number;
  readonly tops: number;
  readonly json: boolean;
}

const USAGE = `npm run bench:alloc -- [options]

Bytes the server process allocates (V8 heap), CPU µs and socket writes per request on the HTTP
path, with the plain keep-alive client in its own process; then the top allocation sites from
V8's sampling heap profiler. Paths: the bench's ONNX model (a row of WIDTH floats in and out) and
a trivial JS function (16 numbers).

  --callers LIST   caller counts, comma-separated (default 1,8)
  --seconds S      each window's length (default 4)
  --paths LIST     model, js, comma-separated (default model,js)
  --width N        the model's row width (default 256)
  --depth N        the model's layers (default 4: its time is not what is measured)
  --tops N         allocation sites listed per window (default 12)
  --json           print the results as JSON instead of tables
  -h, --help       this help
`;

const PATHS: readonly PathName[] = ['model', 'js'];

function options(): AllocOptions {
  return commandLine(
    {
      command: 'bench:alloc',
      usage: USAGE,
      options: {
        callers: { type: 'string', default: '1,8' },
        seconds: { type: 'string', default: '4' },
        paths: { type: 'string', default: 'model,js' },
        width: { type: 'string', default: '256' },
        depth: { type: 'string', default: '4' },
        tops: { type: 'string', default: '12' },
        json: { type: 'boolean', default: false },
      },
    },
    (values) => ({
      callers: positiveIntegers('callers', values.callers),
      seconds: positiveNumber('seconds', values.seconds),
      paths: values.paths.split(',').map((path) => {
        const known = PATHS.find((name) => name === path);
        if (!known) throw new UsageError(`--paths: "${path}" is not one of ${PATHS.join(', ')}`);
        return known;
      }),
      width: positiveInteger('width', values.width),
      depth: positiveInteger('depth', values.depth),
      tops: positiveInteger('tops', values.tops),
      json: values.json,
    }),
  );
}

/** Socket writes of this process (each is one write/writev syscall), counted while installed. */
const writes = { count: 0 };
function countSocketWrites(): void {
  const proto = Socket.prototype as unknown as { _writeGeneric: (...args: unknown[]) => unknown };
  const original = proto._writeGeneric;
  proto._writeGeneric = function (this: Socket, ...args: unknown[]): unknown {
    writes.count++;
    return original.apply(this, args);
  };
}

/** Main-thread GC µs by kind of GC, over the whole run (printed at the end). */
const gcKinds = new Map<string, number>();

/** Heap bytes allocated while `run` runs (heap-allocated.ts), GC pauses added to gcKinds. */
const allocatedDuring = <T>(run: () => Promise<T>): Promise<Allocated<T>> =>
  heapAllocatedDuring(run, (gcType, costUs) => gcKinds.set(gcType, (gcKinds.get(gcType) ?? 0) + costUs));

interface HeapNode {
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly selfSize: number;
  readonly children: readonly HeapNode[];
}

const frameName = (frame: HeapNode['callFrame']): string => {
  const url = frame.url.startsWith('file://') ? relative(ROOT, new URL(frame.url).pathname) : frame.url;
  // tsx's compiled modules report no useful line: name the file only.
  const line = frame.url.startsWith('node:') ? `:${frame.lineNumber + 1}` : '';
  return `${frame.functionName || '(anonymous)'} ${url || '(native)'}${line}`;
};
const ours = (frame: HeapNode['callFrame']): boolean => frame.url.includes('/main/') && !frame.url.includes('node_modules');

/** Debugging aid: ALLOC_STACKS=<function name> prints the heaviest allocation stacks through that function. */
const STACKS_OF = process.env.ALLOC_STACKS;
function printStacks(head: HeapNode, name: string): void {
  const stacks: [string, number][] = [];
  const walk = (node: HeapNode, path: string[], inside: boolean): void => {
    const here = [...path, node.callFrame.functionName || '(anonymous)'];
    const through = inside || node.callFrame.functionName === name;
    if (through && node.selfSize > 0) stacks.push([here.slice(-8).join(' > '), node.selfSize]);
    for (const child of node.children) walk(child, here, through);
  };
  walk(head, [], false);
  for (const [stack, bytes] of stacks.sort((a, b) => b[1] - a[1]).slice(0, 25)) log(`${String(bytes).padStart(8)}  ${stack}`);
}

/** Bytes by allocating function and by the nearest frame of ours above it. */
function allocationSites(head: HeapNode): { byFunction: Map<string, number>; byOurs: Map<string, number> } {
  /** Keyed by the allocating function and the nearest frame of ours that led to it. */
  const byFunction = new Map<string, number>();
  const byOurs = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, bytes: number): void => void map.set(key, (map.get(key) ?? 0) + bytes);
  const walk = (node: HeapNode, nearestOurs: string): void => {
    const name = frameName(node.callFrame);
    const here = ours(node.callFrame) ? name : nearestOurs;
    if (node.selfSize > 0) {
      add(byFunction, here === name ? name : `${name} ← ${here}`, node.selfSize);
      add(byOurs, here, node.selfSize);
    }
    for (const child of node.children) walk(child, here);
  };
  walk(head, '(no frame of ours: Node, V8)');
  if (STACKS_OF) printStacks(head, STACKS_OF);
  return { byFunction, byOurs };
}

interface Row {
  readonly path: PathName;
  readonly callers: number;
  readonly requests: number;
  readonly reqPerSec: number;
  readonly bytesPerRequest: number;
  /** Less what the process allocates idle over as long a time (see window). */
  readonly netBytesPerRequest: number;
  readonly gcsPer1000: number;
  /** Main-thread GC pauses, µs per request (V8's helper threads work beside them). */
  readonly gcUs: number;
  readonly serverCpuUs: number;
  readonly workerCpuUs: number;
  readonly writesPerRequest: number;
  readonly byFunction: [string, number][];
  readonly byOurs: [string, number][];
}

const cpuUs = (): number => {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
};

const topOf = (map: Map<string, number>, requests: number, count: number): [string, number][] =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, bytes]) => [name, Math.round(bytes / requests)]);

interface Target {
  readonly http: HttpPath;
  readonly apiName: (callers: number) => string;
  /** The worker process whose CPU counts for this path (-1: none counted). */
  workerPid(): number;
}

async function window(target: Target, path: PathName, callers: number, opts: AllocOptions, session: Session): Promise<Row> {
  const load = (ms: number): Promise<Sample> =>
    target.http.sample(target.apiName(callers), Math.min(callers, 8), { concurrency: callers, warmupMs: 0, durationMs: ms }, 'plain');
  await load(1500);
  // What this process allocates with no request at all (timers, the engine's watches, the IPC with
  // the load process): at a low request rate on a busy machine it would otherwise read as per-request.
  const idleMs = 2000;
  const idle = await allocatedDuring(() => new Promise<void>((done) => setTimeout(done, idleMs)));
  const idleBytesPerMs = idle.bytes / idleMs;
  const workerPid = target.workerPid();
  const before = { cpu: cpuUs(), worker: processCpuUs(workerPid), writes: writes.count, at: performance.now() };
  const { bytes, gcs, gcUs, result } = await allocatedDuring(() => load(opts.seconds * 1000));
  const seconds = (performance.now() - before.at) / 1000;
  const requests = result.latencies.length;
  const figures = {
    serverCpuUs: (cpuUs() - before.cpu) / requests,
    workerCpuUs: workerPid > 0 ? (processCpuUs(workerPid) - before.worker) / requests : 0,
    writesPerRequest: (writes.count - before.writes) / requests,
  };
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 512,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  const sampled = await load(Math.min(2000, opts.seconds * 1000));
  const { profile } = (await session.post('HeapProfiler.getSamplingProfile')) as unknown as { profile: { head: HeapNode } };
  await session.post('HeapProfiler.stopSampling');
  const sites = allocationSites(profile.head);
  const sampledRequests = Math.max(1, sampled.latencies.length);
  return {
    path,
    callers,
    requests,
    reqPerSec: requests / seconds,
    bytesPerRequest: bytes / requests,
    netBytesPerRequest: (bytes - idleBytesPerMs * seconds * 1000) / requests,
    gcsPer1000: (gcs * 1000) / requests,
    gcUs: gcUs / requests,
    ...figures,
    byFunction: topOf(sites.byFunction, sampledRequests, opts.tops),
    byOurs: topOf(sites.byOurs, sampledRequests, opts.tops),
  };
}

async function openTarget(path: PathName, opts: AllocOptions, dir: string): Promise<{ target: Target; engine: EnginePath }> {
  const before = new Set(childPids(process.pid, /worker-main/));
  const width = path === 'model' ? opts.width : ECHO_WIDTH;
  const project =
    path === 'model'
      ? await writeProject(dir, 'alloc.json', {
          width,
          events: opts.callers.map((n) => ({ apiName: `off_${n}`, mode: 'off' as const, concurrency: n, limit: n })),
        })
      : await writeEchoProject(dir, 'echo');
  const engine = await openEngine(project, width, makeRows(width));
  const server = await startServer({ engine: engine.engine, dataDir: join(dir, `server-data-${path}`) });
  const http = await openLoad(server.url, width, 8, () => server.close(), ['plain']);
  const target: Target = {
    http,
    apiName: (n) => (path === 'model' ? `off_${n}` : 'echo'),
    // The JS worker starts on the first call; the model's worker is the engine's ONNX replica.
    workerPid: () => childPids(process.pid, /worker-main/).find((pid) => !before.has(pid)) ?? -1,
  };
  return { target, engine };
}

function print(rows: readonly Row[]): void {
  const lines = [
    '| path | callers | req/s | heap bytes/request | net of idle | GCs per 1,000 requests | GC pause µs/request | server CPU µs/request | worker CPU µs/request | socket writes/request |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.path} | ${r.callers} | ${r.reqPerSec.toFixed(0)} | ${r.bytesPerRequest.toFixed(0)} | ${r.netBytesPerRequest.toFixed(0)} | ${r.gcsPer1000.toFixed(1)} | ${r.gcUs.toFixed(1)} | ` +
        `${r.serverCpuUs.toFixed(0)} | ${r.workerCpuUs.toFixed(0)} | ${r.writesPerRequest.toFixed(2)} |`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  for (const r of rows) {
    process.stdout.write(`\n${r.path} ×${r.callers}: top allocation sites, bytes per request (sampled)\n`);
    for (const [name, bytes] of r.byOurs) process.stdout.write(`  ours ${String(bytes).padStart(7)}  ${name}\n`);
    for (const [name, bytes] of r.byFunction) process.stdout.write(`  leaf ${String(bytes).padStart(7)}  ${name}\n`);
  }
}

async function main(): Promise<void> {
  const opts = options();
  countSocketWrites();
  const loadBefore = machineInfo().loadAverage;
  const files = await writeModel({ width: opts.width, depth: opts.depth }, 'alloc');
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  const rows: Row[] = [];
  try {
    for (const path of opts.paths) {
      const { target, engine } = await openTarget(path, opts, files.dir);
      try {
        for (const callers of opts.callers) {
          const row = await window(target, path, callers, opts, session);
          log(`${path} ×${callers}: ${row.bytesPerRequest.toFixed(0)} B/request, ${row.serverCpuUs.toFixed(0)} µs/request`);
          rows.push(row);
        }
      } finally {
        await target.http.dispose();
        await engine.dispose();
      }
    }
  } finally {
    session.disconnect();
    await files.remove();
  }
  if (opts.json) process.stdout.write(`${JSON.stringify({ load: [loadBefore, machineInfo().loadAverage], rows })}\n`);
  else print(rows);
  log(`GC pauses by kind, µs in all: ${[...gcKinds].map(([kind, us]) => `${kind} ${us.toFixed(0)}`).join(', ')}`);
  log(`load average before/after: ${loadBefore.join(' ')} / ${machineInfo().loadAverage.join(' ')}`);
}

await main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
