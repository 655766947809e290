/**
 * `npx tsx bench/one-caller-http.ts`: where one serial caller's time goes on the HTTP path (issue
 * 17, the one-caller case; docs/performance.md, "Session 27: one caller over HTTP"), hop by hop,
 * for the plain keep-alive client and the real @gradio/client, against the raw in-process
 * onnxruntime loop, in interleaved rounds (raw, plain, gradio, then the reverse, ...).
 *
 * As in the bench, the engine and the server run in this process and the client in its own
 * (one-caller-http-client.ts). Stamps, on one clock (process.hrtime) in every process:
 *   client: predict called → each socket write and read (socket-trace.mjs) → predict resolved
 *   server (this process): each request received, its body's end, each socket write
 *   engine: the job's IPC send and the result's arrival (a tracing codec around the app's own
 *           WorkerProcess); worker (one-caller-trace.mjs): job received, native run, result sent
 * Per call it prints the sequence of those events with the median time of each since the call
 * started, and the median, p90 and max of each hop; per cell, throughput, latency, the native run's
 * p50 (how much what runs beside it slows the run), CPU per call of each process, and counts of
 * HTTP requests, socket writes and reads, SSE messages and the main threads' context switches
 * (voluntary: blocking waits, i.e. wake-ups; involuntary: preempted).
 *
 *   npx tsx bench/one-caller-http.ts [--width 256] [--depth 400] [--rounds 6] [--count 200]
 *                                    [--clients plain,gradio] [--engine] [--echo] [--floor] [--no-raw]
 *                                    [--deferred] [--nospin] [--hold-off] [--client-cpu-prof DIR]
 *
 * `--echo` adds a second server whose event is a trivial JS function (bench/echo-project.ts): the
 * HTTP path with no model behind it, so the client's own CPU per call shows without the run.
 * `--floor` adds a bare node:http server that answers the protocol at once (one-caller-http-floor.ts):
 * the floor of the HTTP hops and the client at one caller. `--engine` adds the engine path
 * (engine.run in this process, no HTTP) of the model side, so HTTP's share is the difference.
 * `--deferred` adds a second model side whose engine sends each job to its worker from a
 * setImmediate, after the server's writes of that turn (the join's answer, the first SSE
 * messages): an experiment on the order of the hand-overs, nothing the app does. `--nospin` adds a
 * model side whose worker runs with DEMO_DESKTOP_ORT_SPINNING=0 (onnxruntime's threads do not spin
 * between runs, docs/engine.md), side by side with the default. `--hold-off` adds a model side whose
 * server sends each status message at once (`statusHoldMs: 0`) instead of holding it up to 40 ms
 * for the session's next message (main/server/gradio/status-hold.ts), side by side with the default.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
// First: the socket hooks must be in place before the server opens its socket.
import { record, takeSocketEvents, type TracedSocketEvent } from './socket-trace.mjs';
import { createEngine } from '../main/engine/create-engine.js';
import type { Engine } from '../main/engine/types.js';
import { loadProject } from '../main/project/load.js';
import { structuredCloneCodec, type WorkerCodec } from '../main/runtimes/worker-codec.js';
import { WorkerProcess } from '../main/runtimes/worker-process.js';
import type { WorkerTransport } from '../main/runtimes/worker-transport.js';
import { deferSends } from './defer-sends.js';
import { startServer, type RunningServer } from '../main/server/start-server.js';
import { buildCostModel } from '../models/generator/cost-model.js';
import { nextMessage } from './child.js';
import { commandLine, positiveInteger } from './cli-args.js';
import { openFloorServer } from './one-caller-http-floor.js';
import { writeEchoProject } from './echo-project.js';
import type { ClientKind } from './http-load-process.js';
import { makeRows } from './model.js';
import { threadCounts, type OneCallerClientReply, type OneCallerClientRequest, type ThreadCounts } from './one-caller-http-client.js';
import { openRaw, type RawPath } from './paths/raw.js';
import { processCpuUs } from './proc-cpu.js';
import { writeProject } from './project.js';
import { percentile } from './stats.js';

const USAGE = `Usage: npx tsx --experimental-websocket bench/one-caller-http.ts [options]

Where one serial caller's time goes on the HTTP path, hop by hop (client, server, engine and worker
stamps on one clock), for the plain keep-alive client and @gradio/client, against the raw in-process
onnxruntime loop, in interleaved rounds. Per cell: each hop's median, p90 and max, throughput,
latency, the native run's p50, CPU per call of each process, and counts of HTTP requests, socket
writes and reads, SSE messages and context switches. Prints Markdown tables.

Options:
  --width N               the cost model's width (default 256)
  --depth N               the cost model's depth (default 400)
  --rounds N              interleaved rounds (default 6)
  --count N               calls per cell and round (default 200)
  --clients LIST          client kinds, comma-separated: plain, gradio (default plain,gradio)
  --no-raw                leave out the raw onnxruntime loop
  --engine                add the engine path (engine.run in this process, no HTTP)
  --echo                  add a server whose event is a trivial JS function (no model behind it)
  --floor                 add a bare node:http server answering the protocol at once
  --deferred              add a model side whose engine sends each job from a setImmediate
  --nospin                add a model side whose worker runs with DEMO_DESKTOP_ORT_SPINNING=0
  --hold-off              add a model side whose server sends each status message at once
                          (statusHoldMs: 0) instead of holding it up to 40 ms
  --client-cpu-prof DIR   V8's CPU profile of each client process (100 µs samples), into DIR
  -h, --help              this help
`;

const args = commandLine(
  {
    command: 'bench/one-caller-http.ts',
    usage: USAGE,
    options: {
      width: { type: 'string', default: '256' },
      depth: { type: 'string', default: '400' },
      rounds: { type: 'string', default: '6' },
      count: { type: 'string', default: '200' },
      clients: { type: 'string', default: 'plain,gradio' },
      echo: { type: 'boolean', default: false },
      'no-raw': { type: 'boolean', default: false },
      floor: { type: 'boolean', default: false },
      engine: { type: 'boolean', default: false },
      deferred: { type: 'boolean', default: false },
      nospin: { type: 'boolean', default: false },
      'hold-off': { type: 'boolean', default: false },
      'client-cpu-prof': { type: 'string' },
    },
  },
  (values) => ({
    ...values,
    width: positiveInteger('width', values.width),
    depth: positiveInteger('depth', values.depth),
    rounds: positiveInteger('rounds', values.rounds),
    count: positiveInteger('count', values.count),
  }),
);
const WIDTH = args.width;
const DEPTH = args.depth;
const ROUNDS = args.rounds;
const COUNT = args.count;
const KINDS = args.clients.split(',') as ClientKind[];

const HOOK = join(import.meta.dirname, 'one-caller-trace.mjs');
const now = (): number => Number(process.hrtime.bigint()) / 1000;
/** The raw loop's native run, stamped in this process by the same hook as the worker's. */
const { last: inProcess } = (await import(pathToFileURL(HOOK).href)) as { last: { nativeStart: number; nativeEnd: number } };

/** One stamped event of a call, from any process. */
interface Stamp {
  readonly t: number;
  readonly label: string;
}

/** The worker's stamps, as one-caller-trace.mjs attaches them to a result. */
interface WorkerTrace {
  readonly recv: number;
  readonly nativeStart: number;
  readonly nativeEnd: number;
  readonly send: number;
}

/** The engine's side of the trace: stamps of the IPC hops, kept until a round takes them. */
const engineStamps: Stamp[] = [];

(globalThis as { __h2?: (label: string) => void }).__h2 = (label) => engineStamps.push({ t: now(), label });

/** The app's codec, stamping the job's send and the result's arrival, and keeping the worker's stamps. */
function tracingCodec(): WorkerCodec {
  const app = structuredCloneCodec.parent;
  return {
    worker: structuredCloneCodec.worker,
    parent: {
      encode: (message) => {
        if (message.type === 'infer') engineStamps.push({ t: now(), label: 'E: job sent to the worker (IPC)' });
        return app.encode(message);
      },
      decode: (wire) => {
        const trace = (wire as { trace?: WorkerTrace }).trace;
        if (trace) {
          engineStamps.push(
            { t: trace.recv, label: 'W: job received' },
            { t: trace.nativeStart, label: 'W: native run starts' },
            { t: trace.nativeEnd, label: 'W: native run ends' },
            { t: trace.send, label: 'W: result sent' },
            { t: now(), label: 'E: result received' },
          );
        }
        return app.decode(wire);
      },
    },
  };
}

interface Side {
  readonly name: string;
  readonly apiName: string;
  readonly url: string;
  /** The engine behind the server (none for the floor). */
  readonly engine: Engine | null;
  readonly workerPid: () => number;
  close(): Promise<void>;
}

async function serve(
  name: string,
  apiName: string,
  engine: Engine,
  dataDir: string,
  workerPid: () => number,
  statusHoldMs?: number,
): Promise<Side> {
  const server: RunningServer = await startServer({ engine, dataDir, ...(statusHoldMs === undefined ? {} : { statusHoldMs }) });
  return {
    name,
    apiName,
    url: server.url,
    engine,
    workerPid,
    close: async () => {
      await server.close();
      await engine.dispose();
    },
  };
}

/**
 * A variant of the model side: `deferred` (--deferred), `nospin` (--nospin: ORT's spinning off in its
 * worker) or `hold-off` (--hold-off: the server sends status messages at once).
 */
type ModelVariant = 'default' | 'deferred' | 'nospin' | 'hold-off';

async function openModelSide(dir: string, variant: ModelVariant = 'default'): Promise<Side> {
  const suffix = variant === 'default' ? '' : `-${variant}`;
  const projectFile = await writeProject(dir, `project${suffix}.json`, {
    width: WIDTH,
    events: [{ apiName: 'one', mode: 'off', concurrency: 1, limit: 1 }],
  });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${pathToFileURL(HOOK).href}`.trim(),
    ONE_CALLER_TRACE_WORKER: '1',
    ...(variant === 'nospin' ? { DEMO_DESKTOP_ORT_SPINNING: '0' } : {}),
  };
  let pid = -1;
  const transport: WorkerTransport = {
    open: (options) => {
      const worker = WorkerProcess.spawn({ ...options, env, codec: tracingCodec() });
      pid = worker.pid;
      return variant === 'deferred' ? deferSends(worker) : worker;
    },
  };
  const loaded = await loadProject(projectFile);
  const engine = await createEngine({ loaded, environment: { offline: true, cacheDir: join(dir, `cache${suffix}`) }, host: { transport } });
  return serve(`model${suffix}`, 'one', engine, join(dir, `server-data${suffix}`), () => pid, variant === 'hold-off' ? 0 : undefined);
}

async function openEchoSide(dir: string): Promise<Side> {
  const loaded = await loadProject(await writeEchoProject(dir, 'echo'));
  const engine = await createEngine({ loaded, environment: { offline: true, cacheDir: join(dir, 'cache-echo') } });
  return serve('echo', 'echo', engine, join(dir, 'server-data-echo'), () => -1);
}

/** The bare floor server (one-caller-http-floor.ts), describing the model side's app. */
async function openFloorSide(model: Side): Promise<Side> {
  const floor = await openFloorServer(model.url);
  return { name: 'floor', apiName: model.apiName, url: floor.url, engine: null, workerPid: () => -1, close: () => floor.close() };
}

interface ClientProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  ask(message: OneCallerClientRequest): Promise<OneCallerClientReply>;
}

async function openClient(url: string): Promise<ClientProcess> {
  // --client-cpu-prof DIR: V8's CPU profile of the client process (100 µs samples), written when it exits.
  const profile = args['client-cpu-prof'];
  const execArgv = profile ? [...process.execArgv, '--cpu-prof', `--cpu-prof-dir=${profile}`, '--cpu-prof-interval=100'] : process.execArgv;
  const child = fork(join(import.meta.dirname, 'one-caller-http-client.ts'), [], { serialization: 'advanced', execArgv });
  const ask = async (message: OneCallerClientRequest): Promise<OneCallerClientReply> => {
    const replied = nextMessage<OneCallerClientReply>(child);
    child.send(message);
    const reply = await replied;
    if (reply.type === 'failed') throw new Error(`client process: ${reply.message}`);
    return reply;
  };
  const opened = await ask({ type: 'open', url, width: WIDTH });
  if (opened.type !== 'opened') throw new Error('client process did not open');
  return { child, pid: opened.pid, ask };
}

/** What one round of one cell measured. */
interface Round {
  readonly calls: readonly { readonly start: number; readonly end: number }[];
  readonly stamps: readonly Stamp[];
  readonly wallMs: number;
  readonly cpu: Readonly<Record<string, number>>;
  readonly counts: Readonly<Record<string, number>>;
  /** Each call's native run (µs): onnxruntime-node's run inside the worker, or in this process for the raw loop. */
  readonly native: readonly number[];
}

/** The native runs among a round's stamps (the worker's, one at a time at one caller). */
function nativeRuns(stamps: readonly Stamp[]): number[] {
  const starts = stamps.filter((s) => s.label === 'W: native run starts').map((s) => s.t);
  const ends = stamps.filter((s) => s.label === 'W: native run ends').map((s) => s.t);
  return starts.map((start, i) => (ends[i] ?? Number.NaN) - start);
}

/** A socket event's label: which process, what it carries. */
function socketLabel(side: 'C' | 'S', event: TracedSocketEvent): string {
  const what = event.msgs.length > 0 ? event.msgs.join('+') : event.head.startsWith('HTTP/1.1') ? 'response head' : event.head.slice(0, 28);
  if (event.kind === 'request') return `${side}: request ${event.head.replace(/\?.*/, '')}`;
  if (event.kind === 'body') return `${side}: body read ${event.head.replace(/\?.*/, '')}`;
  if (event.kind === 'read') return `${side}: read ${what}`;
  return `${side}: write ${what}`;
}

function countOf(events: readonly TracedSocketEvent[], kind: TracedSocketEvent['kind']): number {
  return events.filter((event) => event.kind === kind).length;
}

const diff = (a: ThreadCounts, b: ThreadCounts): ThreadCounts => ({
  cpuUs: b.cpuUs - a.cpuUs,
  voluntary: b.voluntary - a.voluntary,
  involuntary: b.involuntary - a.involuntary,
});

async function httpRound(client: ClientProcess, side: Side, kind: ClientKind): Promise<Round> {
  const workerPid = side.workerPid();
  takeSocketEvents();
  engineStamps.length = 0;
  const server0 = threadCounts(process.pid);
  const serverCpu0 = process.cpuUsage();
  const worker0 = workerPid > 0 ? threadCounts(workerPid) : null;
  const workerCpu0 = processCpuUs(workerPid);
  record(true);
  const reply = await client.ask({ type: 'run', client: kind, apiName: side.apiName, count: COUNT });
  record(false);
  if (reply.type !== 'ran') throw new Error('client process did not run');
  const serverCpu = process.cpuUsage(serverCpu0);
  const server = diff(server0, threadCounts(process.pid));
  const worker = worker0 ? diff(worker0, threadCounts(workerPid)) : null;
  const serverEvents = takeSocketEvents();
  const stamps: Stamp[] = [
    ...reply.calls.flatMap((call) => [
      { t: call.start, label: 'C: predict called' },
      { t: call.end, label: 'C: predict resolved' },
    ]),
    ...reply.events.map((event) => ({ t: event.t, label: socketLabel('C', event) })),
    ...serverEvents.map((event) => ({ t: event.t, label: socketLabel('S', event) })),
    ...engineStamps.splice(0),
  ];
  const n = reply.calls.length;
  const sseMessages = serverEvents.filter((e) => e.kind === 'write').reduce((sum, e) => sum + e.msgs.length, 0);
  return {
    calls: reply.calls,
    stamps,
    wallMs: reply.wallMs,
    cpu: {
      client: reply.cpuUs / n,
      server: (serverCpu.user + serverCpu.system) / n,
      worker: (processCpuUs(workerPid) - workerCpu0) / n,
    },
    native: nativeRuns(stamps),
    counts: {
      'HTTP requests (server)': countOf(serverEvents, 'request') / n,
      'socket writes, client': countOf(reply.events, 'write') / n,
      'socket reads, client': countOf(reply.events, 'read') / n,
      'socket writes, server': countOf(serverEvents, 'write') / n,
      'SSE messages written': sseMessages / n,
      'client main thread: wake-ups (voluntary switches)': reply.main.voluntary / n,
      'client main thread: preempted': reply.main.involuntary / n,
      'server main thread: wake-ups': server.voluntary / n,
      'server main thread: preempted': server.involuntary / n,
      ...(worker ? { 'worker main thread: wake-ups': worker.voluntary / n, 'worker main thread: preempted': worker.involuntary / n } : {}),
    },
  };
}

async function rawRound(raw: RawPath): Promise<Round> {
  const calls: { start: number; end: number }[] = [];
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const native: number[] = [];
  for (let i = 0; i < COUNT; i++) {
    const start = now();
    await raw.call(i);
    calls.push({ start, end: now() });
    native.push(inProcess.nativeEnd - inProcess.nativeStart);
  }
  const cpu = process.cpuUsage(cpu0);
  return { calls, stamps: [], wallMs: performance.now() - wall0, cpu: { raw: (cpu.user + cpu.system) / COUNT }, counts: {}, native };
}

/** The engine path of the model side: engine.run in this process, no HTTP. */
async function engineRound(engine: Engine, rows: readonly number[][]): Promise<Round> {
  const calls: { start: number; end: number }[] = [];
  engineStamps.length = 0;
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  for (let i = 0; i < COUNT; i++) {
    const start = now();
    await engine.run({ eventIndex: 0, inputs: [rows[i % rows.length]], signal: new AbortController().signal });
    calls.push({ start, end: now() });
  }
  const native = nativeRuns(engineStamps.splice(0));
  const cpu = process.cpuUsage(cpu0);
  return { calls, stamps: [], wallMs: performance.now() - wall0, cpu: { server: (cpu.user + cpu.system) / COUNT }, counts: {}, native };
}

const median = (values: readonly number[]): number =>
  percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );

/** Each call's stamps, in time order: those from its start to the next call's start. */
function perCall(round: Round): Stamp[][] {
  const sorted = [...round.stamps].sort((a, b) => a.t - b.t);
  const calls = round.calls;
  return calls.map((call, i) => {
    const until = calls[i + 1]?.start ?? call.end + 1;
    return sorted.filter((s) => s.t >= call.start && s.t < until);
  });
}

/** The most common sequences of events of a call, each with its median times. */
function reportSequences(title: string, rounds: readonly Round[]): void {
  const bySequence = new Map<string, Stamp[][]>();
  for (const round of rounds)
    for (const call of perCall(round)) {
      const key = call.map((s) => s.label).join(' > ');
      bySequence.set(key, [...(bySequence.get(key) ?? []), call]);
    }
  const total = [...bySequence.values()].reduce((sum, calls) => sum + calls.length, 0);
  const top = [...bySequence.values()].sort((a, b) => b.length - a.length).slice(0, 2);
  for (const calls of top) {
    const first = calls[0] ?? [];
    console.log(`\n${title}: ${calls.length} of ${total} calls in this order (µs, medians)\n`);
    console.log('| # | event | since the call started | since the event before | p90 | max |\n| ---: | --- | ---: | ---: | ---: | ---: |');
    for (const [i, stamp] of first.entries()) {
      const since = median(calls.map((call) => (call[i]?.t ?? 0) - (call[0]?.t ?? 0)));
      const gaps = calls.map((call) => (i === 0 ? 0 : (call[i]?.t ?? 0) - (call[i - 1]?.t ?? 0))).sort((a, b) => a - b);
      const [gap, p90, max] = [percentile(gaps, 0.5), percentile(gaps, 0.9), gaps.at(-1) ?? 0];
      console.log(`| ${i} | ${stamp.label} | ${since.toFixed(0)} | ${gap.toFixed(0)} | ${p90.toFixed(0)} | ${max.toFixed(0)} |`);
    }
    const cycle = median(calls.map((call) => (call.at(-1)?.t ?? 0) - (call[0]?.t ?? 0)));
    console.log(`\n(last event − first, median: ${cycle.toFixed(0)} µs)`);
  }
}

interface Cell {
  readonly name: string;
  readonly rounds: Round[];
  readonly rates: number[];
}

function summary(cells: readonly Cell[]): void {
  const rateOf = (cell: Cell): number =>
    (cell.rounds.reduce((sum, r) => sum + r.calls.length, 0) * 1000) / cell.rounds.reduce((sum, r) => sum + r.wallMs, 0);
  const p50Of = (cell: Cell): number => median(cell.rounds.flatMap((r) => r.calls.map((c) => (c.end - c.start) / 1000)));
  const raw = cells.find((cell) => cell.name === 'raw');
  console.log(
    '\n| cell | req/s | vs raw | median of rounds vs raw | p50 ms | +p50 ms | native run p50 ms | CPU µs/call: client | server | worker |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const cell of cells) {
    const rate = rateOf(cell);
    const cpu = (key: string): string => median(cell.rounds.map((r) => r.cpu[key] ?? Number.NaN)).toFixed(0);
    const perRound = raw ? median(cell.rates.map((r, i) => r / (raw.rates[i] ?? Number.NaN))) : Number.NaN;
    const rawP50 = raw ? p50Of(raw) : Number.NaN;
    console.log(
      `| ${cell.name} | ${rate.toFixed(0)} | ${raw ? ((100 * rate) / rateOf(raw)).toFixed(0) : '–'}% | ${(100 * perRound).toFixed(0)}% | ` +
        `${p50Of(cell).toFixed(2)} | ${(p50Of(cell) - rawP50).toFixed(2)} | ${(median(cell.rounds.flatMap((r) => r.native)) / 1000).toFixed(2)} | ${cell.name === 'raw' ? cpu('raw') : cpu('client')} | ${cpu('server')} | ${cpu('worker')} |`,
    );
  }
  const counted = cells.filter((cell) => Object.keys(cell.rounds[0]?.counts ?? {}).length > 0);
  const names = [...new Set(counted.flatMap((cell) => Object.keys(cell.rounds[0]?.counts ?? {})))];
  console.log(
    `\nPer call (mean over the rounds)\n\n| count | ${counted.map((c) => c.name).join(' | ')} |\n| --- |${counted.map(() => ' ---: |').join('')}`,
  );
  for (const name of names) {
    const values = counted.map((cell) => {
      const v = cell.rounds.map((r) => r.counts[name] ?? Number.NaN);
      return (v.reduce((a, b) => a + b, 0) / v.length).toFixed(2);
    });
    console.log(`| ${name} | ${values.join(' | ')} |`);
  }
  console.log(`\nreq/s per round: ${cells.map((cell) => `${cell.name} ${cell.rates.map((r) => r.toFixed(0)).join('/')}`).join('; ')}`);
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'demo-desktop-one-caller-http-'));
  const bytes = buildCostModel({ width: WIDTH, depth: DEPTH, seed: 7 });
  await writeFile(join(dir, 'cost.onnx'), bytes);
  const load = (values: number[]): string => values.map((v) => v.toFixed(2)).join(' ');
  const loadBefore = loadavg();
  console.log(`width ${WIDTH}, depth ${DEPTH}, ${ROUNDS} rounds × ${COUNT} calls per cell, one caller; load ${load(loadBefore)}`);
  const rows = makeRows(WIDTH, 64);
  const raw = await openRaw(bytes, WIDTH, rows);
  const model = await openModelSide(dir);
  const sides = [
    model,
    ...(args.deferred ? [await openModelSide(dir, 'deferred')] : []),
    ...(args.nospin ? [await openModelSide(dir, 'nospin')] : []),
    ...(args['hold-off'] ? [await openModelSide(dir, 'hold-off')] : []),
    ...(args.echo ? [await openEchoSide(dir)] : []),
    ...(args.floor ? [await openFloorSide(model)] : []),
  ];
  const clients = await Promise.all(sides.map((side) => openClient(side.url)));
  try {
    type Entry = { readonly cell: Cell; readonly run: () => Promise<Round> };
    const entries: Entry[] = [];
    if (!args['no-raw']) entries.push({ cell: { name: 'raw', rounds: [], rates: [] }, run: () => rawRound(raw) });
    if (args.engine)
      entries.push({ cell: { name: 'engine', rounds: [], rates: [] }, run: () => engineRound(model.engine as Engine, rows) });
    for (const [i, side] of sides.entries())
      for (const kind of KINDS) {
        const client = clients[i] as ClientProcess;
        entries.push({ cell: { name: `${kind} × ${side.name}`, rounds: [], rates: [] }, run: () => httpRound(client, side, kind) });
      }
    // Warm-up: every cell once, unrecorded.
    for (const entry of entries) await entry.run();
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? entries : [...entries].reverse();
      for (const entry of order) {
        const result = await entry.run();
        entry.cell.rounds.push(result);
        entry.cell.rates.push((result.calls.length * 1000) / result.wallMs);
      }
    }
    for (const entry of entries)
      if (entry.cell.rounds.some((r) => r.stamps.length > 0)) reportSequences(entry.cell.name, entry.cell.rounds);
    summary(entries.map((entry) => entry.cell));
    console.log(`\nload before ${load(loadBefore)}, after ${load(loadavg())}`);
  } finally {
    for (const client of clients) {
      client.child.send({ type: 'close' });
      await new Promise((resolve) => client.child.once('exit', resolve));
    }
    for (const side of [...sides].reverse()) await side.close();
    await raw.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
