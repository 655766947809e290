/**
 * `npx tsx --experimental-websocket bench/batch-http.ts`: where the CPU goes when the batchable
 * model is served over HTTP with adaptive batching (docs/performance.md, "Session 27: batching over
 * HTTP"), against the same model unbatched, at 64 callers. The engine and the server run in this
 * process, the HTTP callers in the load process (as in the bench). Cells: engine and HTTP (plain
 * keep-alive client, @gradio/client), each unbatched (limit = callers) and adaptive (≤ 32, limit 1),
 * measured in interleaved rounds. Per cell: req/s, CPU µs per request of the server process (its
 * main thread apart), of the worker (its main thread apart from onnxruntime's threads) and of the
 * client process, the share of a core each main thread was busy, and the batch sizes the scheduler
 * formed (from the engine's `started` job events). With --floor, the bare server of
 * floor-server-process.ts under the same plain client, as a floor. With --profile, one more window per HTTP cell
 * under the server's sampling profiler, split into stages (profile-stages.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Session } from 'node:inspector/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { commandLine, positiveInteger, positiveNumber } from './cli-args.js';
import { measure, type Sample } from './load.js';
import { makeRows, writeModel } from './model.js';
import { openEngine } from './paths/engine.js';
import { openHttp } from './paths/http.js';
import { openFloor, type FloorPath } from './paths/floor.js';
import { writeProject, type BatchMode } from './project.js';
import { stageTimes, type CpuProfile } from './profile-stages.js';
import type { ClientKind } from './http-load-process.js';
import { childPids, processCpuUs } from './proc-cpu.js';
import { Socket } from 'node:net';
import { SseWriter } from '../main/server/sse-writer.js';

const log = (line: string): void => void process.stderr.write(`${line}\n`);
const SAMPLE_US = 200;
const TICK_US = 1e6 / 100;

/**
 * `floor`: the bare server of floor-server-process.ts (Node's HTTP, the protocol's writes, an echo
 * worker thread answering each row at once: no validation, scheduler, engine or model) under the
 * same plain client: what the HTTP exchange alone costs server and client per request.
 */
type Path = 'engine' | ClientKind | 'floor';
interface Cell {
  readonly path: Path;
  readonly mode: BatchMode;
}

interface Totals {
  requests: number;
  seconds: number;
  serverUs: number;
  serverMainUs: number;
  workerUs: number;
  workerMainUs: number;
  clientUs: number;
  runs: number;
  jobs: number;
  sizes: Map<number, number>;
  /** Socket writes (one write/writev syscall each) and SSE messages by `msg`, in this process. */
  writes: number;
  sseWrites: number;
  messages: Map<string, number>;
}

const emptyTotals = (): Totals => ({
  requests: 0,
  seconds: 0,
  serverUs: 0,
  serverMainUs: 0,
  workerUs: 0,
  workerMainUs: 0,
  clientUs: 0,
  runs: 0,
  jobs: 0,
  sizes: new Map(),
  writes: 0,
  sseWrites: 0,
  messages: new Map(),
});

let counting: Totals | null = null;
/**
 * Counts this process's socket writes and SSE messages into `counting` (null: not counted).
 * Returns the undo: the profiled windows run without the wrappers (their frames would be charged
 * to this file's stage).
 */
function countWrites(): () => void {
  const socket = Socket.prototype as unknown as { _writeGeneric: (...args: unknown[]) => unknown };
  const write = socket._writeGeneric;
  socket._writeGeneric = function (this: Socket, ...args: unknown[]): unknown {
    if (counting) {
      counting.writes++;
      const response = (this as Socket & { _httpMessage?: { getHeader(name: string): unknown } | null })._httpMessage;
      if (response?.getHeader('content-type') === 'text/event-stream') counting.sseWrites++;
    }
    return write.apply(this, args);
  };
  const sse = SseWriter.prototype as unknown as { send: (message: unknown, id?: string) => void };
  const send = sse.send;
  sse.send = function (this: SseWriter, message: unknown, id?: string): void {
    if (counting) {
      const field = (message as { msg?: unknown } | null)?.msg;
      const msg = typeof field === 'string' ? field : '?';
      counting.messages.set(msg, (counting.messages.get(msg) ?? 0) + 1);
    }
    send.call(this, message, id);
  };
  return () => {
    socket._writeGeneric = write;
    sse.send = send;
  };
}

/** CPU µs of one thread (its main thread when tid = pid), from /proc. */
function threadCpuUs(pid: number, tid: number): number {
  if (pid <= 0) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_US;
  } catch {
    return 0;
  }
}

const USAGE = `Usage: npx tsx --experimental-websocket bench/batch-http.ts [options]

Where the CPU goes when the batchable model is served over HTTP with adaptive batching, against the
same model unbatched: cells engine and HTTP (each client kind), each unbatched (limit = callers) and
adaptive (≤ 32, limit 1), in interleaved rounds; per cell req/s, CPU µs per request of the server,
the worker and the client process, main threads' busy share, batch sizes, socket writes and SSE
messages per request. Prints a Markdown table; writes OUT/batch-http.json.

Options:
  --callers N      callers of every cell (default 64)
  --seconds N      length of each measured window (default 3)
  --rounds N       interleaved rounds (default 3)
  --width N        the cost model's width (default 256)
  --depth N        the cost model's depth (default 51: the batchable model)
  --clients LIST   HTTP client kinds, comma-separated: plain, gradio (default plain,gradio)
  --floor          also the bare server of floor-server-process.ts under the plain client, as a floor
  --profile        one more window per HTTP cell under the server's sampling profiler, split into
                   stages (profile-stages.ts); the .cpuprofile files go to OUT
  --out DIR        output folder (default .bench/batch-http)
  -h, --help       this help
`;

function options(): {
  callers: number;
  seconds: number;
  rounds: number;
  depth: number;
  width: number;
  kinds: ClientKind[];
  profile: boolean;
  floor: boolean;
  out: string;
} {
  return commandLine(
    {
      command: 'bench/batch-http.ts',
      usage: USAGE,
      options: {
        callers: { type: 'string', default: '64' },
        seconds: { type: 'string', default: '3' },
        rounds: { type: 'string', default: '3' },
        depth: { type: 'string', default: '51' },
        width: { type: 'string', default: '256' },
        clients: { type: 'string', default: 'plain,gradio' },
        profile: { type: 'boolean', default: false },
        floor: { type: 'boolean', default: false },
        out: { type: 'string', default: '.bench/batch-http' },
      },
    },
    (values) => ({
      callers: positiveInteger('callers', values.callers),
      seconds: positiveNumber('seconds', values.seconds),
      rounds: positiveInteger('rounds', values.rounds),
      depth: positiveInteger('depth', values.depth),
      width: positiveInteger('width', values.width),
      kinds: values.clients.split(',') as ClientKind[],
      profile: values.profile,
      floor: values.floor,
      out: resolve(values.out),
    }),
  );
}

const histogram = (sizes: ReadonlyMap<number, number>, jobs: number): string => {
  const buckets: [string, number, number][] = [
    ['1', 1, 1],
    ['2-3', 2, 3],
    ['4-7', 4, 7],
    ['8-15', 8, 15],
    ['16-31', 16, 31],
    ['32', 32, 1e9],
  ];
  return buckets
    .map(([label, low, high]) => {
      let inBucket = 0;
      for (const [size, count] of sizes) if (size >= low && size <= high) inBucket += size * count;
      return `${label}: ${((inBucket / Math.max(1, jobs)) * 100).toFixed(0)}%`;
    })
    .join(' ');
};

async function main(): Promise<void> {
  const opts = options();
  const uncount = countWrites();
  await mkdir(opts.out, { recursive: true });
  const size = { width: opts.width, depth: opts.depth };
  const files = await writeModel(size, 'batch-http');
  const rows = makeRows(size.width);
  const n = opts.callers;
  const events = [
    { apiName: `off_${n}`, mode: 'off' as const, concurrency: n, limit: n },
    { apiName: `adaptive_${n}`, mode: 'adaptive' as const, concurrency: n, limit: 1 },
  ];
  const project = await writeProject(files.dir, 'batch-http.json', { width: size.width, events });
  const engine = await openEngine(project, size.width, rows);
  const http = await openHttp(engine.engine, join(files.dir, 'data'), size.width, 8);
  const workerPid = childPids(process.pid, /worker-main/)[0] ?? -1;
  let window: Totals | null = null;
  const off = engine.engine.jobEvents.on('started', ({ jobIds }) => {
    if (!window) return;
    window.runs += 1;
    window.jobs += jobIds.length;
    window.sizes.set(jobIds.length, (window.sizes.get(jobIds.length) ?? 0) + 1);
  });
  const floor = opts.floor ? await openFloor(size.width, [`off_${n}`], 'thread', 8) : null;
  const cells: Cell[] = (['engine', ...opts.kinds] as Path[]).flatMap((path) => [
    { path, mode: 'off' as const },
    { path, mode: 'adaptive' as const },
  ]);
  if (floor) cells.push({ path: 'floor', mode: 'off' });
  const pidsOf = (cell: Cell): { server: number; worker: number; client: number } =>
    cell.path === 'floor' && floor
      ? { server: floor.serverPid, worker: -1, client: floor.clientPid }
      : { server: process.pid, worker: workerPid, client: http.clientPid };
  const run = (cell: Cell, durationMs: number): Promise<Sample> => {
    const load = { concurrency: n, warmupMs: 0, durationMs };
    const apiName = cell.mode === 'off' ? `off_${n}` : `adaptive_${n}`;
    if (cell.path === 'engine') return measure(engine.call(apiName), load);
    if (cell.path === 'floor') return (floor as FloorPath).sample(`off_${n}`, Math.min(n, 8), load, 'plain');
    return http.sample(apiName, Math.min(n, 8), load, cell.path);
  };
  const totals = new Map<Cell, Totals>(cells.map((cell) => [cell, emptyTotals()]));
  const loadBefore = os.loadavg();
  const stages: Record<string, Record<string, number>> = {};
  try {
    for (const cell of cells) await run(cell, 1000);
    for (let round = 0; round < opts.rounds; round++) {
      const order = round % 2 === 0 ? cells : [...cells].reverse();
      for (const cell of order) {
        const t = totals.get(cell) as Totals;
        await run(cell, 250);
        const pids = pidsOf(cell);
        const before = {
          server: processCpuUs(pids.server),
          serverMain: threadCpuUs(pids.server, pids.server),
          worker: processCpuUs(pids.worker),
          workerMain: threadCpuUs(pids.worker, pids.worker),
          client: processCpuUs(pids.client),
          at: performance.now(),
        };
        window = t;
        counting = t;
        const sample = await run(cell, opts.seconds * 1000);
        window = null;
        counting = null;
        if (sample.errors > 0) throw new Error(`${cell.path} ${cell.mode}: ${sample.errors} errors, ${sample.firstError ?? ''}`);
        t.seconds += (performance.now() - before.at) / 1000;
        t.requests += sample.latencies.length;
        t.serverUs += processCpuUs(pids.server) - before.server;
        t.serverMainUs += threadCpuUs(pids.server, pids.server) - before.serverMain;
        t.workerUs += processCpuUs(pids.worker) - before.worker;
        t.workerMainUs += threadCpuUs(pids.worker, pids.worker) - before.workerMain;
        t.clientUs += processCpuUs(pids.client) - before.client;
      }
    }
    uncount();
    if (opts.profile) {
      const session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: SAMPLE_US });
      for (const cell of cells.filter((c) => c.path !== 'engine' && c.path !== 'floor')) {
        await session.post('Profiler.start');
        const sample = await run(cell, opts.seconds * 1000);
        const profile = (await session.post('Profiler.stop')).profile as unknown as CpuProfile;
        const name = `server-${cell.path}-${cell.mode}-${n}`;
        await writeFile(join(opts.out, `${name}.cpuprofile`), JSON.stringify(profile));
        const times = stageTimes(profile, 'server', profile.startTime, profile.endTime, SAMPLE_US);
        const requests = Math.max(1, sample.latencies.length);
        stages[name] = Object.fromEntries([...times.stages].sort((a, b) => b[1] - a[1]).map(([k, us]) => [k, Math.round(us / requests)]));
        stages[name]['(busy, total)'] = Math.round(times.busyUs / requests);
        const top = [...times.functions].sort((a, b) => b[1] - a[1]).slice(0, 20);
        stages[`${name} top`] = Object.fromEntries(top.map(([k, us]) => [k, Math.round((us / requests) * 10) / 10]));
      }
      session.disconnect();
    }
  } finally {
    void off.dispose();
    await floor?.dispose();
    await http.dispose();
    await engine.dispose();
    await files.remove();
  }
  const lines = [
    '| path | batching | req/s | server µs/req (main thread) | server main busy | worker µs/req (main thread) | worker main busy | client µs/req | client busy | all µs/req | jobs/run | batch sizes (share of jobs) | socket writes/req (SSE) | SSE messages/req |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- |',
  ];
  for (const cell of cells) {
    const t = totals.get(cell) as Totals;
    const per = (us: number): string => (us / Math.max(1, t.requests)).toFixed(0);
    const busy = (us: number): string => `${((us / 1e6 / t.seconds) * 100).toFixed(0)}%`;
    const all = cell.path === 'engine' ? t.serverUs + t.workerUs : t.serverUs + t.workerUs + t.clientUs;
    lines.push(
      `| ${cell.path} | ${cell.mode} | ${(t.requests / t.seconds).toFixed(0)} | ${per(t.serverUs)} (${per(t.serverMainUs)}) | ${busy(t.serverMainUs)} | ` +
        `${per(t.workerUs)} (${per(t.workerMainUs)}) | ${busy(t.workerMainUs)} | ${cell.path === 'engine' ? '–' : per(t.clientUs)} | ` +
        `${cell.path === 'engine' ? '–' : busy(t.clientUs)} | ${per(all)} | ${(t.jobs / Math.max(1, t.runs)).toFixed(1)} | ${histogram(t.sizes, t.jobs)} | ` +
        `${(t.writes / Math.max(1, t.requests)).toFixed(2)} (${(t.sseWrites / Math.max(1, t.requests)).toFixed(2)}) | ${[...t.messages].map(([msg, count]) => `${msg} ${(count / Math.max(1, t.requests)).toFixed(2)}`).join(', ')} |`,
    );
  }
  const text =
    `${lines.join('\n')}\n\nmodel width ${size.width} depth ${size.depth}, ${n} callers, ${opts.rounds} rounds of ${opts.seconds} s; ` +
    `load average before ${loadBefore.map((x) => x.toFixed(2)).join(' ')}, after ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}\n`;
  process.stdout.write(text);
  if (opts.profile) process.stdout.write(`${JSON.stringify(stages, null, 1)}\n`);
  await writeFile(join(opts.out, 'batch-http.json'), `${JSON.stringify({ text, stages }, null, 2)}\n`);
}

await main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
