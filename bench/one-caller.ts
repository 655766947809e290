/**
 * `npx tsx bench/one-caller.ts`: where one serial caller's time goes on the engine path (issue 17,
 * the one-caller case), hop by hop, against the raw in-process onnxruntime loop in interleaved
 * rounds (raw, engine, engine, raw, ...).
 *
 * Stamps (process.hrtime, CLOCK_MONOTONIC: one clock for both processes), per request:
 *   parent: engine.run called → IPC send (the transport's encode) → … → result decoded → engine.run resolves → next call
 *   worker (bench/one-caller-trace.mjs, loaded with --import): message received → session.run called →
 *           native run starts (onnxruntime-node's setImmediate) → native run ends → session.run resolves → result sent
 * The raw loop gets the same session.run stamps in this process. The engine's worker is a child
 * process opened by the app's own WorkerProcess with a tracing codec (the app's codec plus stamps);
 * nothing of the app is changed.
 *
 *   npx tsx bench/one-caller.ts [--width 512] [--depth 100] [--rounds 6] [--count 300]
 *                               [--variants default,nospin,spin,threads1,dist,apart] [--cpus] [--cpu-stamps] [--no-raw]
 *
 * Variants of the engine's worker: `nospin` DEMO_DESKTOP_ORT_SPINNING=0, `spin` =1, `threads1` the
 * model's `threads: 1`, `dist` the worker from dist/ (no tsx), `apart` this process pinned to CPU 0 and the worker to CPU 1 for its
 * rounds (taskset; an experiment: no wake-up can then put both on one CPU). `--cpus` records which
 * CPU each side was on at the two hand-overs (a /proc read each); `--cpu-stamps` this process's
 * CPU time at each stamp (process.cpuUsage: 14-45 µs a call here, which it then adds); the thread
 * table (CPU and context switches per request, from /proc) is always printed. `deferred` sends each
 * message to the worker from a setImmediate, after the rest of the parent's turn (an experiment:
 * the socket write's "sync" wake-up puts the worker on the parent's CPU, expecting the parent to
 * sleep). A name with a numbered suffix (`default-2`) is the same variant again, as a control.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createEngine } from '../main/engine/create-engine.js';
import type { Engine } from '../main/engine/types.js';
import { loadProject } from '../main/project/load.js';
import { structuredCloneCodec, type WorkerCodec } from '../main/runtimes/worker-codec.js';
import { FROM_DIST_ENV, WorkerProcess } from '../main/runtimes/worker-process.js';
import type { WorkerTransport } from '../main/runtimes/worker-transport.js';
import { commandLine, positiveInteger } from './cli-args.js';
import { deferSends } from './defer-sends.js';
import { buildCostModel } from '../models/generator/cost-model.js';
import { makeRows } from './model.js';
import { openRaw, type RawPath } from './paths/raw.js';
import { processCpuUs } from './proc-cpu.js';
import { writeProject } from './project.js';
import { percentile } from './stats.js';

const USAGE = `Usage: npx tsx bench/one-caller.ts [options]

Where one serial caller's time goes on the engine path, hop by hop (parent and worker stamps on one
clock), against the raw in-process onnxruntime loop in interleaved rounds; per side the hops'
medians, the native run, and a thread table (CPU and context switches per request, from /proc).
Prints Markdown tables.

Options:
  --width N         the cost model's width (default 512)
  --depth N         the cost model's depth (default 100)
  --rounds N        interleaved rounds (default 6)
  --count N         calls per side and round (default 300)
  --variants LIST   one engine side per name, comma-separated (default default): default,
                    nospin (DEMO_DESKTOP_ORT_SPINNING=0), spin (=1), threads1 (the model's threads: 1),
                    dist (the worker from dist/, no tsx), apart (this process on CPU 0, the worker
                    on CPU 1, taskset), deferred (each message sent from a setImmediate); a numbered
                    suffix (default-2) is the same variant again, as a control
  --cpus            record which CPU each side was on at the two hand-overs (a /proc read each)
  --cpu-stamps      this process's CPU time at each stamp (process.cpuUsage, 14-45 µs a call)
  --no-raw          leave out the raw onnxruntime loop
  -h, --help        this help
`;

const args = commandLine(
  {
    command: 'bench/one-caller.ts',
    usage: USAGE,
    options: {
      width: { type: 'string', default: '512' },
      depth: { type: 'string', default: '100' },
      rounds: { type: 'string', default: '6' },
      count: { type: 'string', default: '300' },
      variants: { type: 'string', default: 'default' },
      'cpu-stamps': { type: 'boolean', default: false },
      'no-raw': { type: 'boolean', default: false },
      cpus: { type: 'boolean', default: false },
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
const VARIANTS = args.variants.split(',');
/** process.cpuUsage at each parent stamp: 14-45 µs a call here (getrusage walks every thread), so off unless asked. */
const CPU_STAMPS = args['cpu-stamps'];
if (CPU_STAMPS) process.env.ONE_CALLER_TRACE_CPU = '1';
/** Which CPU each side runs on at the hand-overs (a /proc read each, ~10 µs). */
if (args.cpus) process.env.ONE_CALLER_TRACE_CPUS = '1';

const HOOK = join(import.meta.dirname, 'one-caller-trace.mjs');
const now = (): number => Number(process.hrtime.bigint()) / 1000;

/** The worker's stamps, as one-caller-trace.mjs attaches them to a result. */
interface WorkerTrace {
  readonly recv: number;
  readonly call: number;
  readonly nativeStart: number;
  readonly nativeEnd: number;
  readonly returned: number;
  readonly send: number;
  readonly gcMs: number;
  readonly gcCount: number;
  /** GC pauses so far, ms by kind. */
  readonly gcByKind: Readonly<Record<string, number>>;
  readonly nativeCpu: number;
  /** How long the previous result's process.send took to return (its write to the channel). */
  readonly previousSendUs: number;
  /** The worker's CPU when it sent the result and when it received the job (-1 unless --cpus). */
  readonly sendCpu: number;
  readonly recvCpu: number;
}

/** One request's stamps, µs. */
interface Stamps {
  start: number;
  sent: number;
  received: number;
  resolved: number;
  next: number;
  /** The parent's first check phase after sending the job (its synchronous work after the send is done). */
  afterSend: number;
  /** The parent's CPU when it sent the job and when it received the result (-1 unless --cpus). */
  sendCpu: number;
  receiveCpu: number;
  worker?: WorkerTrace;
  /** This process's CPU (µs, every thread) at start, sent, received, resolved and the next start. */
  cpu: number[];
}

interface Trace {
  readonly nativeCpu: number;
  readonly call: number;
  readonly nativeStart: number;
  readonly nativeEnd: number;
  readonly returned: number;
}

const { last: inProcess, cpuNow } = (await import(pathToFileURL(HOOK).href)) as { last: Trace; cpuNow: () => number };

/** The app's codec with stamps at the parent's send and receive, and the worker's stamps read off the result. */
function tracingCodec(current: () => Stamps | undefined): WorkerCodec {
  const app = structuredCloneCodec.parent;
  return {
    worker: structuredCloneCodec.worker,
    parent: {
      encode: (message) => {
        const stamps = current();
        if (stamps && message.type === 'infer') {
          stamps.sent = now();
          setImmediate(() => (stamps.afterSend = now()));
          stamps.sendCpu = cpuNow();
          if (CPU_STAMPS) stamps.cpu[1] = cpuUs();
        }
        return app.encode(message);
      },
      decode: (wire) => {
        const stamps = current();
        const trace = (wire as { trace?: WorkerTrace }).trace;
        if (stamps && trace) {
          stamps.received = now();
          if (CPU_STAMPS) stamps.cpu[2] = cpuUs();
          stamps.receiveCpu = cpuNow();
          stamps.worker = trace;
        }
        return app.decode(wire);
      },
    },
  };
}

interface EngineSide {
  readonly name: string;
  readonly engine: Engine;
  readonly workerPid: () => number;
  /** The stamps of the request in flight (one caller). */
  current: Stamps | undefined;
}

/**
 * Variant `dist`: the worker runs dist/'s build of worker-main (FROM_DIST_ENV, read at spawn), as
 * the installed app's does, rather than the sources through tsx (build dist/ first: `npx tsc -p
 * tsconfig.build.json`).
 */
function spawnWorker(fromDist: boolean, spawn: () => WorkerProcess): WorkerProcess {
  const before = process.env[FROM_DIST_ENV];
  if (fromDist) process.env[FROM_DIST_ENV] = '1';
  try {
    return spawn();
  } finally {
    if (before === undefined) Reflect.deleteProperty(process.env, FROM_DIST_ENV);
    else process.env[FROM_DIST_ENV] = before;
  }
}

async function openEngineSide(dir: string, variant: string): Promise<EngineSide> {
  const kind = variant.replace(/-\d+$/, '');
  const projectFile = await writeProject(dir, `project-${variant}.json`, {
    width: WIDTH,
    events: [{ apiName: 'one', mode: 'off', concurrency: 1, limit: 1 }],
  });
  if (kind === 'threads1') {
    const json = JSON.parse(readFileSync(projectFile, 'utf8')) as { models: { cost: Record<string, unknown> } };
    json.models.cost.threads = 1;
    await writeFile(projectFile, JSON.stringify(json));
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${pathToFileURL(HOOK).href}`.trim(),
    ONE_CALLER_TRACE_WORKER: '1',
  };
  if (kind === 'nospin') env.DEMO_DESKTOP_ORT_SPINNING = '0';
  if (kind === 'spin') env.DEMO_DESKTOP_ORT_SPINNING = '1';
  let pid = -1;
  const side: EngineSide = { name: variant, engine: undefined as unknown as Engine, workerPid: () => pid, current: undefined };
  const transport: WorkerTransport = {
    open: (options) => {
      const worker = spawnWorker(kind === 'dist', () => WorkerProcess.spawn({ ...options, env, codec: tracingCodec(() => side.current) }));
      pid = worker.pid;
      return kind === 'deferred' ? deferSends(worker) : worker;
    },
  };
  const loaded = await loadProject(projectFile);
  const engine = await createEngine({ loaded, environment: { offline: true, cacheDir: join(dir, 'cache') }, host: { transport } });
  return Object.assign(side, { engine });
}

interface Round {
  readonly stamps: Stamps[];
  /** CPU µs by thread name: this process's threads as `parent/<name>`, the worker's as `worker/<name>`. */
  readonly threads: Map<string, number>;
  readonly wallMs: number;
  readonly parentCpuMs: number;
  readonly workerCpuMs: number;
}

/**
 * Per thread of `pid` so far: CPU µs (/proc/<pid>/task/<tid>/stat, ticks of 10 ms, so sum many
 * requests), and voluntary (it blocked: a sleep, a futex wait) and involuntary (preempted) context
 * switches, keyed `<thread> cpu|vol|invol`.
 */
function threadCpu(pid: number): Map<string, number> {
  const byName = new Map<string, number>();
  let tasks: string[] = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return byName;
  }
  for (const tid of tasks) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const status = readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8');
      // Node names every thread "node": the main thread is the one whose id is the pid.
      const name = tid === String(pid) ? 'main' : `thread ${tid}`;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      byName.set(`${name} cpu`, (Number(fields[11]) + Number(fields[12])) * 10_000);
      byName.set(`${name} cpu sys`, Number(fields[12]) * 10_000);
      byName.set(`${name} vol`, Number(/voluntary_ctxt_switches:\s+(\d+)/.exec(status)?.[1] ?? 0));
      byName.set(`${name} invol`, Number(/nonvoluntary_ctxt_switches:\s+(\d+)/.exec(status)?.[1] ?? 0));
    } catch {
      // the thread ended
    }
  }
  return byName;
}

function addThreads(into: Map<string, number>, before: Map<string, number>, after: Map<string, number>): void {
  for (const [name, us] of after) into.set(name, (into.get(name) ?? 0) + us - (before.get(name) ?? 0));
}

/**
 * Variant `apart`: this process on CPU 0 and the worker on CPU 1 for its rounds (taskset, every
 * thread), so no wake-up can put them on one CPU. An experiment, not something the app could do.
 */
function pin(workerPid: number): void {
  execFileSync('taskset', ['-a', '-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });
  execFileSync('taskset', ['-a', '-p', '-c', '1', String(workerPid)], { stdio: 'ignore' });
}
function unpin(): void {
  execFileSync('taskset', ['-a', '-p', '-c', `0-${availableParallelism() - 1}`, String(process.pid)], { stdio: 'ignore' });
}

function cpuUs(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}
const cpuMs = (): number => cpuUs() / 1000;

/** One serial caller, `count` requests; every request's stamps. */
async function serial(count: number, call: (stamps: Stamps, index: number) => Promise<void>, workerPid: number): Promise<Round> {
  const stamps: Stamps[] = [];
  const [wall0, cpu0, worker0] = [performance.now(), cpuMs(), processCpuUs(workerPid)];
  const [parentThreads0, workerThreads0] = [threadCpu(process.pid), threadCpu(workerPid)];
  let previous: Stamps | undefined;
  for (let i = 0; i < count; i++) {
    const s: Stamps = {
      start: now(),
      sent: 0,
      afterSend: 0,
      received: 0,
      resolved: 0,
      next: 0,
      sendCpu: -1,
      receiveCpu: -1,
      cpu: CPU_STAMPS ? [cpuUs(), 0, 0, 0, 0] : [],
    };
    if (previous) {
      previous.next = s.start;
      if (CPU_STAMPS) previous.cpu[4] = s.cpu[0] ?? 0;
    }
    await call(s, i);
    s.resolved = now();
    if (CPU_STAMPS) s.cpu[3] = cpuUs();
    stamps.push(s);
    previous = s;
  }
  if (previous) {
    previous.next = now();
    if (CPU_STAMPS) previous.cpu[4] = cpuUs();
  }
  const threads = new Map<string, number>();
  const prefix = (map: Map<string, number>, tag: string): Map<string, number> => new Map([...map].map(([k, v]) => [`${tag}/${k}`, v]));
  addThreads(threads, prefix(parentThreads0, 'parent'), prefix(threadCpu(process.pid), 'parent'));
  addThreads(threads, prefix(workerThreads0, 'worker'), prefix(threadCpu(workerPid), 'worker'));
  return {
    stamps,
    threads,
    wallMs: performance.now() - wall0,
    parentCpuMs: cpuMs() - cpu0,
    workerCpuMs: (processCpuUs(workerPid) - worker0) / 1000,
  };
}

const median = (values: readonly number[]): number =>
  percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
const p = (values: readonly number[], q: number): number =>
  percentile(
    [...values].sort((a, b) => a - b),
    q,
  );

/** Hop name → µs per request for each request (engine). */
function engineHops(s: Stamps, previous: Stamps | undefined): Record<string, number> | undefined {
  const w = s.worker;
  if (!w || !s.sent || !s.received) return undefined;
  return {
    'parent: engine.run → IPC send': s.sent - s.start,
    'IPC → worker receives': w.recv - s.sent,
    '(parent: send → its next check phase)': s.afterSend - s.sent,
    '(worker receives − parent check phase)': w.recv - s.afterSend,
    "(worker: the previous result's process.send took)": previous?.worker ? w.previousSendUs : 0,
    'worker: receive → session.run called': w.call - w.recv,
    'onnxruntime-node setImmediate': w.nativeStart - w.call,
    'native run': w.nativeEnd - w.nativeStart,
    'native end → session.run resolves': w.returned - w.nativeEnd,
    'worker: resolved → result sent': w.send - w.returned,
    'IPC → parent receives': s.received - w.send,
    'parent: receive → engine.run resolves': s.resolved - s.received,
    'caller: resolved → next call': s.next - s.resolved,
    'cycle (call to next call)': s.next - s.start,
    ...(CPU_STAMPS
      ? {
          'parent CPU: start → sent': (s.cpu[1] ?? 0) - (s.cpu[0] ?? 0),
          'parent CPU: sent → received (during the run)': (s.cpu[2] ?? 0) - (s.cpu[1] ?? 0),
          'parent CPU: received → resolved': (s.cpu[3] ?? 0) - (s.cpu[2] ?? 0),
          'parent CPU: resolved → next start': (s.cpu[4] ?? 0) - (s.cpu[3] ?? 0),
          'worker CPU: native run': w.nativeCpu,
        }
      : {}),
    'worker GC since the previous request': previous?.worker ? (w.gcMs - previous.worker.gcMs) * 1000 : 0,
  };
}

function rawHops(s: Stamps & { trace: Trace }): Record<string, number> {
  const t = s.trace;
  return {
    'raw: call → session.run called': t.call - s.start,
    'onnxruntime-node setImmediate': t.nativeStart - t.call,
    'native run': t.nativeEnd - t.nativeStart,
    ...(CPU_STAMPS ? { 'CPU: native run': t.nativeCpu } : {}),
    'native end → session.run resolves': t.returned - t.nativeEnd,
    'raw: resolved → call returns': s.resolved - t.returned,
    'caller: resolved → next call': s.next - s.resolved,
    'cycle (call to next call)': s.next - s.start,
  };
}

function table(title: string, rows: readonly Record<string, number>[]): void {
  const names = Object.keys(rows[0] ?? {});
  console.log(`\n${title} (${rows.length} requests; µs)\n`);
  console.log('| hop | p10 | median | p90 | mean |\n| --- | ---: | ---: | ---: | ---: |');
  for (const name of names) {
    const values = rows.map((row) => row[name] ?? Number.NaN);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    console.log(
      `| ${name} | ${p(values, 0.1).toFixed(0)} | ${median(values).toFixed(0)} | ${p(values, 0.9).toFixed(0)} | ${mean.toFixed(0)} |`,
    );
  }
}

interface Totals {
  requests: number;
  wallMs: number;
  parentCpuMs: number;
  workerCpuMs: number;
  latencies: number[];
  threads: Map<string, number>;
}
const empty = (): Totals => ({ requests: 0, wallMs: 0, parentCpuMs: 0, workerCpuMs: 0, latencies: [], threads: new Map() });
function addRound(totals: Totals, round: Round): void {
  totals.requests += round.stamps.length;
  totals.wallMs += round.wallMs;
  totals.parentCpuMs += round.parentCpuMs;
  totals.workerCpuMs += round.workerCpuMs;
  totals.latencies.push(...round.stamps.map((s) => (s.resolved - s.start) / 1000));
  for (const [name, us] of round.threads) totals.threads.set(name, (totals.threads.get(name) ?? 0) + us);
}

/** Everything one run measured: per side (raw first), its totals, per-round rates, hop rows and stamps. */
interface Measured {
  readonly raw: Totals;
  readonly rawRows: Record<string, number>[];
  readonly sides: readonly EngineSide[];
  readonly totals: Totals[];
  readonly rows: Record<string, number>[][];
  readonly stamps: Stamps[][];
  /** req/s of each round: raw, then each side. */
  readonly rates: number[][];
}

async function measureRounds(raw: RawPath, sides: readonly EngineSide[], rows: readonly number[][]): Promise<Measured> {
  const rawCall = async (stamps: Stamps, index: number): Promise<void> => {
    await raw.call(index);
    (stamps as Stamps & { trace: Trace }).trace = { ...inProcess };
  };
  const engineCall =
    (side: EngineSide) =>
    async (stamps: Stamps, index: number): Promise<void> => {
      side.current = stamps;
      const row = rows[index % rows.length] as number[];
      const [out] = (await side.engine.run({ eventIndex: 0, inputs: [row], signal: new AbortController().signal })) as [
        { y?: { data?: ArrayLike<number> } }?,
      ];
      if (out?.y?.data?.length !== WIDTH) throw new Error('engine: wrong output');
    };
  const withRaw = !args['no-raw'];
  if (withRaw) await serial(100, rawCall, -1);
  for (const side of sides) await serial(100, engineCall(side), side.workerPid());
  const m: Measured = {
    raw: empty(),
    rawRows: [],
    sides,
    totals: sides.map(empty),
    rows: sides.map(() => []),
    stamps: sides.map(() => []),
    rates: [],
  };
  for (let round = 0; round < ROUNDS; round++) {
    const order: (EngineSide | 'raw')[] = [...(withRaw ? ['raw' as const] : []), ...sides];
    const rates: number[] = [];
    for (const entry of round % 2 === 0 ? order : order.reverse()) {
      if (entry === 'raw') {
        const result = await serial(COUNT, rawCall, -1);
        addRound(m.raw, result);
        m.rawRows.push(...result.stamps.map((s) => rawHops(s as Stamps & { trace: Trace })));
        rates[0] = (COUNT * 1000) / result.wallMs;
        continue;
      }
      const i = sides.indexOf(entry);
      if (entry.name === 'apart') pin(entry.workerPid());
      const result = await serial(COUNT, engineCall(entry), entry.workerPid());
      if (entry.name === 'apart') unpin();
      addRound(m.totals[i] as Totals, result);
      m.stamps[i]?.push(...result.stamps);
      for (const [k, s] of result.stamps.entries()) {
        const hops = engineHops(s, result.stamps[k - 1]);
        if (hops) m.rows[i]?.push(hops);
      }
      rates[i + 1] = (COUNT * 1000) / result.wallMs;
    }
    m.rates.push(rates);
  }
  return m;
}

/** With --cpus: how often both processes were on one CPU at the hand-overs, and the hops split by it. */
function reportCpus(m: Measured): void {
  for (const [i, side] of m.sides.entries()) {
    const stamps = m.stamps[i] ?? [];
    const same = (pick: (s: Stamps) => [number, number]): string => {
      const pairs = stamps.map(pick).filter(([a, b]) => a >= 0 && b >= 0);
      return `${pairs.filter(([a, b]) => a === b).length} of ${pairs.length}`;
    };
    const rowsWhere = (together: boolean): Record<string, number>[] =>
      stamps.flatMap((s, k) => {
        const w = s.worker;
        if (!w || s.sendCpu < 0 || w.recvCpu < 0 || (s.sendCpu === w.recvCpu) !== together) return [];
        const hops = engineHops(s, stamps[k - 1]);
        return hops ? [hops] : [];
      });
    table(`Engine (${side.name}), the job handed over on the same CPU`, rowsWhere(true));
    table(`Engine (${side.name}), the job handed over to the other CPU`, rowsWhere(false));
    console.log(
      `\nengine ${side.name}: on the same CPU at the hand-overs: job (parent sends, worker receives) ` +
        `${same((s) => [s.sendCpu, s.worker?.recvCpu ?? -1])}; result (worker sends, parent receives) ${same((s) => [s.worker?.sendCpu ?? -1, s.receiveCpu])}`,
    );
  }
}

function reportSummary(m: Measured): void {
  const rawRate = (m.raw.requests * 1000) / m.raw.wallMs;
  const rawP50 = median(m.raw.latencies);
  console.log(
    '\n| loop | req/s | vs raw | p50 ms | +p50 ms | parent CPU ms/req | worker CPU ms/req |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  const line = (name: string, t: Totals): void => {
    const rate = (t.requests * 1000) / t.wallMs;
    const p50 = median(t.latencies);
    console.log(
      `| ${name} | ${rate.toFixed(0)} | ${((100 * rate) / rawRate).toFixed(0)}% | ${p50.toFixed(2)} | ${(p50 - rawP50).toFixed(2)} | ` +
        `${(t.parentCpuMs / t.requests).toFixed(3)} | ${(t.workerCpuMs / t.requests).toFixed(3)} |`,
    );
  };
  line('raw', m.raw);
  for (const [i, side] of m.sides.entries()) line(`engine ${side.name}`, m.totals[i] as Totals);
  for (const [i, side] of m.sides.entries()) {
    const traced = (m.stamps[i] ?? []).filter((s) => s.worker);
    const [first, last] = [traced[0]?.worker, traced.at(-1)?.worker];
    if (!first || !last) continue;
    const kinds = Object.keys(last.gcByKind).map((kind) => {
      const ms = (last.gcByKind[kind] ?? 0) - (first.gcByKind[kind] ?? 0);
      return `${kind} ${((ms * 1000) / (traced.length - 1)).toFixed(0)}`;
    });
    console.log(
      `\nengine ${side.name}: the worker's GC pauses, µs per request: ${kinds.join(', ')} (${last.gcCount - first.gcCount} pauses)`,
    );
  }
  console.log(
    `\nreq/s per round (raw, ${m.sides.map((side) => side.name).join(', ')}): ${m.rates.map((r) => r.map((x) => x.toFixed(0)).join('/')).join('  ')}`,
  );
  console.log('\nPer request, by thread: CPU µs (/proc, 10 ms ticks), voluntary and involuntary context switches:\n');
  const all = [m.raw, ...m.totals];
  const names = [...new Set(all.flatMap((t) => [...t.threads.keys()]))].sort();
  console.log(
    `| thread | raw | ${m.sides.map((side) => `engine ${side.name}`).join(' | ')} |\n| --- |${all.map(() => ' ---: |').join('')}`,
  );
  for (const name of names) {
    const cells = all.map((t) => ((t.threads.get(name) ?? 0) / t.requests).toFixed(name.includes('cpu') ? 0 : 2));
    if (cells.some((cell) => Number(cell) >= 0.05)) console.log(`| ${name} | ${cells.join(' | ')} |`);
  }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'demo-desktop-one-caller-'));
  const bytes = buildCostModel({ width: WIDTH, depth: DEPTH, seed: 7 });
  await writeFile(join(dir, 'cost.onnx'), bytes);
  const rows = makeRows(WIDTH, 64);
  const loadBefore = loadavg();
  const load = (values: number[]): string => values.map((n) => n.toFixed(2)).join(' ');
  console.log(`width ${WIDTH}, depth ${DEPTH}, ${ROUNDS} rounds × ${COUNT} requests per side, one caller; load ${load(loadBefore)}`);
  const raw = await openRaw(bytes, WIDTH, rows);
  const sides: EngineSide[] = [];
  for (const variant of VARIANTS) sides.push(await openEngineSide(dir, variant));
  try {
    const measured = await measureRounds(raw, sides, rows);
    if (measured.rawRows.length > 0) table('Raw loop, hop by hop', measured.rawRows);
    for (const [i, side] of sides.entries()) table(`Engine (${side.name}), hop by hop`, measured.rows[i] ?? []);
    if (args.cpus) reportCpus(measured);
    reportSummary(measured);
    console.log(`\nload before ${load(loadBefore)}, after ${load(loadavg())}`);
  } finally {
    for (const side of sides) await side.engine.dispose();
    await raw.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
