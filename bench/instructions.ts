/**
 * `npm run bench:instr -- --a DIR [--b DIR]`: instructions per request of the server process,
 * counted by valgrind's callgrind, for A/B of server changes too small for wall-clock timing on a
 * shared machine (docs/performance.md, "Session 28: instructions per request (callgrind)"). The
 * count does not move with the host's load, so a 1% change shows where req/s moves ±50%.
 *
 * Per side, path and repeat: a fresh server process (instructions-serve.ts, the engine and HTTP
 * server of the checkout DIR) runs under `valgrind --tool=callgrind --trace-children=no`, so only
 * that process is counted (all its threads: V8's compiler and GC threads, libuv's pool); the ONNX
 * worker it forks and the load process (instructions-load.ts, plain keep-alive clients) run
 * natively. Instrumentation is off while the process starts (`--instr-atstart=no`), switched on
 * with callgrind_control before the warm-up; the counters are zeroed after the warm-up, the
 * load process sends exactly `--count` requests, and a dump ends the window: Ir of the dump ÷
 * requests. Nothing outside the server process is counted (the kernel's work for its syscalls, the
 * worker's inference, the client).
 */
import { fork, execFile, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { nextMessage } from './child.js';
import type { InstrLoadReply, InstrLoadRequest } from './instructions-load.js';
import type { InstrServeReply, InstrServeRequest } from './instructions-serve.js';
import type { CellEvent } from './project.js';

const run = promisify(execFile);
const log = (line: string): void => void process.stderr.write(`${line}\n`);

interface PathSpec {
  readonly name: string;
  readonly what: string;
  readonly project: 'model' | 'echo';
  readonly width: number;
  readonly depth: number;
  readonly apiName: string;
  readonly event: CellEvent | null;
  readonly callers: number;
  /** Requests before the counted window, not instrumented (V8's tiers settle in it). */
  readonly warmup: number;
  /** Requests in the counted window. */
  readonly count: number;
}

/** The batchable model (depth 51) on the adaptive event, `callers` closed-loop callers. */
function batchable(callers: number, warmup: number, count: number): PathSpec {
  const apiName = `adaptive_${callers}`;
  return {
    name: `batch-${callers}`,
    what: `batchable model (width 256, depth 51), adaptive batching ≤ 32, ${callers} callers`,
    project: 'model',
    width: 256,
    depth: 51,
    apiName,
    event: { apiName, mode: 'adaptive', concurrency: callers, limit: 1 },
    callers,
    warmup,
    count,
  };
}

const PATHS: Record<string, (scale: number) => PathSpec> = {
  'model-1': (scale) => ({
    name: 'model-1',
    what: '5 ms model (width 256, depth 418), unbatched, 1 caller',
    project: 'model',
    width: 256,
    depth: 418,
    apiName: 'off_1',
    event: { apiName: 'off_1', mode: 'off', concurrency: 1, limit: 1 },
    callers: 1,
    warmup: Math.round(1500 * scale),
    count: Math.round(300 * scale),
  }),
  'batch-64': (scale) => batchable(64, Math.round(1500 * scale), Math.round(640 * scale)),
  'batch-8': (scale) => batchable(8, Math.round(1500 * scale), Math.round(400 * scale)),
  'echo-1': (scale) => ({
    name: 'echo-1',
    what: 'JS echo function (16 numbers in, the same out), 1 caller',
    project: 'echo',
    width: 16,
    depth: 1,
    apiName: 'echo',
    event: null,
    callers: 1,
    warmup: Math.round(1500 * scale),
    count: Math.round(300 * scale),
  }),
};

interface Measured {
  readonly requests: number;
  /** Ir of all the server's threads in the window. */
  readonly all: number;
  /** Ir of its main thread (the event loop: JS, the server, the engine). */
  readonly main: number;
  /** Ir of TurboFan's compile jobs in the window (in `all`; on the main thread with --single-threaded). */
  readonly compile: number;
  readonly threads: number;
  /** Jobs per run of the event in the window (1 when unbatched; NaN: the engine reported no runs). */
  readonly jobsPerBatch: number;
  readonly seconds: number;
}

interface Options {
  readonly v8Flags: readonly string[];
  /** Multiplies the server's session timers (status hold, stream linger): instructions-serve.ts. */
  readonly timeScale: number;
  /** Without valgrind (counts nothing): for looking at the server with V8's trace flags. */
  readonly native: boolean;
  /** Counted windows per process (1; more with --curve, to see where the count settles). */
  readonly windows: number;
  readonly keep: boolean;
}

/** TurboFan's compile jobs: their inclusive cost is reported apart (it is lumpy, see the docs). */
const COMPILE = /^v8::internal::compiler::PipelineCompilationJob::(Prepare|Execute|Finalize)JobImpl/;

interface DumpCount {
  readonly all: number;
  readonly main: number;
  /** Ir inside TurboFan's compile jobs, all threads. */
  readonly compile: number;
  readonly threads: number;
}

/**
 * One callgrind dump file: its total Ir (`totals:`), and the inclusive Ir of the calls into
 * TurboFan's compile jobs (each `calls=` line is followed by the call's inclusive cost; the jobs do
 * not call each other, so the sum counts each once). Names are compressed: `cfn=(id) name` the
 * first time, `cfn=(id)` after.
 */
function parseDump(text: string): { total: number; compile: number } {
  const names = new Map<string, string>();
  let total = 0;
  let compile = 0;
  let callee = '';
  let inCall = false;
  for (const line of text.split('\n')) {
    if (inCall) {
      inCall = false;
      if (COMPILE.test(callee)) compile += Number(line.split(' ')[1] ?? 0);
      continue;
    }
    if (line.startsWith('cfn=')) {
      const match = /^cfn=\((\d+)\)(?: (.*))?$/.exec(line);
      if (match?.[2] !== undefined) names.set(match[1] ?? '', match[2]);
      callee = names.get(match?.[1] ?? '') ?? '';
    } else if (line.startsWith('fn=')) {
      const match = /^fn=\((\d+)\)(?: (.*))?$/.exec(line);
      if (match?.[2] !== undefined) names.set(match[1] ?? '', match[2]);
    } else if (line.startsWith('calls=')) inCall = true;
    else if (line.startsWith('totals:')) total = Number(line.slice(7).trim().split(' ')[0]);
    else if (total === 0 && line.startsWith('summary:')) total = Number(line.slice(8).trim().split(' ')[0]);
  }
  return { total, compile };
}

/** The dump's files (one per thread, --separate-threads=yes) that were not in `before`. */
async function readDump(dir: string, before: ReadonlySet<string>): Promise<DumpCount> {
  const files = (await readdir(dir)).filter((name) => !before.has(name));
  let all = 0;
  let main = 0;
  let compile = 0;
  for (const name of files) {
    const counted = parseDump(await readFile(join(dir, name), 'utf8'));
    all += counted.total;
    compile += counted.compile;
    // Thread 1 is the main thread: its file ends in -01.
    if (/-0*1$/.test(name)) main += counted.total;
  }
  return { all, main, compile, threads: files.length };
}

const millions = (ir: number, requests: number): string => (ir / requests / 1e6).toFixed(3);

const describe = (m: Measured): string =>
  `${millions(m.all, m.requests)} M Ir/req (main thread ${millions(m.main, m.requests)}, TurboFan ${millions(m.compile, m.requests)}), ` +
  `${m.requests} requests, ${m.threads} threads, ${m.jobsPerBatch.toFixed(1)} jobs/batch, window ${m.seconds.toFixed(0)} s`;

let native = false;
const control = async (args: readonly string[]): Promise<void> => {
  if (native) return;
  await run('callgrind_control', [...args], { timeout: 120_000 });
};

function batchRuns(sizes: Readonly<Record<number, number>> | undefined): { runs: number; jobs: number } {
  let runs = 0;
  let jobs = 0;
  for (const [size, count] of Object.entries(sizes ?? {})) {
    runs += count;
    jobs += Number(size) * count;
  }
  return { runs, jobs };
}

async function measureOnce(root: string, spec: PathSpec, options: Options): Promise<Measured[]> {
  const dir = await mkdtemp(join(tmpdir(), 'demo-desktop-instr-'));
  const valgrind = [
    '--tool=callgrind',
    '--trace-children=no',
    // V8 writes the code it runs (its JIT), so valgrind must check every page for changed code.
    '--smc-check=all-non-file',
    '--instr-atstart=no',
    '--separate-threads=yes',
    `--callgrind-out-file=${join(dir, 'cg.%p')}`,
    '--quiet',
  ];
  const serve: ChildProcess = fork(join(import.meta.dirname, 'instructions-serve.ts'), [root], {
    cwd: root,
    serialization: 'advanced',
    ...(options.native
      ? { execArgv: [...options.v8Flags, ...process.execArgv] }
      : { execPath: 'valgrind', execArgv: [...valgrind, process.execPath, ...options.v8Flags, ...process.execArgv] }),
  });
  const pid = serve.pid ?? -1;
  const send = (message: InstrServeRequest): void => void serve.send(message);
  let load: ChildProcess | null = null;
  try {
    const opened = nextMessage<InstrServeReply>(serve);
    if (spec.project === 'model' && spec.event)
      send({ type: 'open', project: 'model', width: spec.width, depth: spec.depth, events: [spec.event], timeScale: options.timeScale });
    else send({ type: 'open', project: 'echo', timeScale: options.timeScale });
    const reply = await opened;
    if (reply.type !== 'opened')
      throw new Error(`${root}: the server did not start: ${reply.type === 'failed' ? reply.message : reply.type}`);

    load = fork(join(import.meta.dirname, 'instructions-load.ts'), [], { serialization: 'advanced' });
    const loadProcess = load;
    const toLoad = async (message: InstrLoadRequest): Promise<InstrLoadReply> => {
      const answer = nextMessage<InstrLoadReply>(loadProcess);
      loadProcess.send(message);
      const got = await answer;
      if (got.type === 'failed') throw new Error(`load: ${got.message}`);
      return got;
    };
    await toLoad({ type: 'open', url: reply.url, width: spec.width, clients: Math.min(spec.callers, 8) });

    // Warm-up without instrumentation (valgrind runs the process ~10× faster so): V8 tiers up by
    // call counts, not time, so this brings the JIT to where a long native run is. Then a short
    // instrumented warm-up, where valgrind translates the code again with callgrind's counters.
    if (spec.warmup > 0) await toLoad({ type: 'run', apiName: spec.apiName, callers: spec.callers, count: spec.warmup });
    await control(['-i', 'on', String(pid)]);
    await toLoad({ type: 'run', apiName: spec.apiName, callers: spec.callers, count: Math.max(spec.callers, Math.round(spec.count / 4)) });
    const windows: Measured[] = [];
    for (let w = 0; w < Math.max(1, options.windows); w++) {
      const metricsBefore = nextMessage<InstrServeReply>(serve);
      send({ type: 'metrics' });
      const before = await metricsBefore;
      const namesBefore = new Set(await readdir(dir));
      await control(['-z', String(pid)]);
      const done = await toLoad({ type: 'run', apiName: spec.apiName, callers: spec.callers, count: spec.count });
      await control(['-d', String(pid)]);
      const counted = native ? { all: 0, main: 0, compile: 0, threads: 0 } : await readDump(dir, namesBefore);
      const metricsAfter = nextMessage<InstrServeReply>(serve);
      send({ type: 'metrics' });
      const after = await metricsAfter;
      const runsOf = (m: InstrServeReply): { runs: number; jobs: number } =>
        batchRuns(m.type === 'metrics' ? m.batchSizes[spec.apiName] : undefined);
      const [b, a] = [runsOf(before), runsOf(after)];
      const runs = a.runs - b.runs;
      const jobs = a.jobs - b.jobs;
      const measured: Measured = {
        requests: done.type === 'done' ? done.requests : 0,
        ...counted,
        jobsPerBatch: runs > 0 ? jobs / runs : Number.NaN,
        seconds: done.type === 'done' ? done.ms / 1000 : 0,
      };
      if (options.windows > 1) log(`  window ${w + 1}: ${describe(measured)}`);
      windows.push(measured);
    }
    return windows;
  } finally {
    if (load?.connected) load.send({ type: 'close' } satisfies InstrLoadRequest);
    if (serve.connected) send({ type: 'close' });
    if (serve.exitCode === null && serve.signalCode === null) await new Promise((done) => serve.once('exit', done));
    if (!options.keep) await rm(dir, { recursive: true, force: true });
    else log(`callgrind files kept in ${dir}`);
  }
}

const HELP = `npm run bench:instr -- --a DIR [--b DIR] [options]

Instructions per request of the server process (engine + HTTP server of checkout DIR), counted by
valgrind --tool=callgrind; the ONNX worker and the client run natively and are not counted.

  --a DIR         checkout A (required)
  --b DIR         checkout B (optional: without it, only A is measured)
  --paths LIST    comma-separated, default model-1,batch-64; known: ${Object.keys(PATHS).join(', ')}
  --repeats N     fresh server processes per side and path (default 2); sides alternate A B A B
  --scale X       multiplies every path's warm-up and counted requests (default 1)
  --v8-flags=STR  Node/V8 flags of the server process (default --single-threaded: V8 compiles and
                  collects garbage on the main thread, not on helper threads, so the count does not
                  depend on how valgrind interleaves threads; --v8-flags= for the product's defaults)
  --time-scale X  multiplies the server's session timers (status hold 40 ms, stream linger 1 s,
                  crossing 50 ms) and the adaptive batch policy's latency target (500 ms) and
                  longest wait (50 ms); default 50: under callgrind the server is ~100× slower, and
                  with the native values a status hold would run out mid-call, at random, unlike
                  natively, and the adaptive policy would choose batches of 1 to meet its target
  --warmup N      uninstrumented warm-up requests of every path (default per path, see below)
  --curve N       warm-up curve instead of a measurement: no warm-up (unless --warmup), then N counted windows of
                  the path's count (× scale) in one process, each printed (where does Ir/req settle?)
  --native        run the server without valgrind (counts nothing; with --v8-flags=--trace-opt to see the JIT)
  --keep          keep the callgrind dump files (their folder is printed)
  --label NAME    results go to .bench/NAME.json (default instr)
  --help          this text`;

function spread(values: readonly number[]): string {
  if (values.length < 2) return '–';
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return `${(((Math.max(...values) - Math.min(...values)) / mean) * 100).toFixed(2)}%`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      a: { type: 'string' },
      b: { type: 'string' },
      paths: { type: 'string', default: 'model-1,batch-64' },
      repeats: { type: 'string', default: '2' },
      scale: { type: 'string', default: '1' },
      'v8-flags': { type: 'string', default: '--single-threaded' },
      curve: { type: 'string', default: '0' },
      warmup: { type: 'string' },
      keep: { type: 'boolean', default: false },
      native: { type: 'boolean', default: false },
      'time-scale': { type: 'string', default: '50' },
      label: { type: 'string', default: 'instr' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    const paths = Object.values(PATHS).map((make) => make(1));
    const list = paths.map((p) => `  ${p.name.padEnd(9)} ${p.what}; warm-up ${p.warmup}, counted ${p.count} requests`);
    process.stdout.write(`${HELP}\n\nPaths:\n${list.join('\n')}\n`);
    return;
  }
  if (!values.a) throw new Error(`--a DIR is required\n\n${HELP}`);
  const scale = Number(values.scale);
  const curve = Number(values.curve);
  const warmup = values.warmup === undefined ? undefined : Number(values.warmup);
  const specs = values.paths.split(',').map((name) => {
    const make = PATHS[name];
    if (!make) throw new Error(`--paths: unknown path ${name} (known: ${Object.keys(PATHS).join(', ')})`);
    const spec = make(scale);
    return curve > 0 ? { ...spec, warmup: warmup ?? 0 } : { ...spec, warmup: warmup ?? spec.warmup };
  });
  const sides = [{ name: 'A', root: resolve(values.a) }, ...(values.b ? [{ name: 'B', root: resolve(values.b) }] : [])];
  const options: Options = {
    v8Flags: values['v8-flags'].split(' ').filter((flag) => flag !== ''),
    keep: values.keep,
    timeScale: Number(values['time-scale']),
    native: values.native,
    windows: Math.max(1, curve),
  };
  native = options.native;
  const repeats = Number(values.repeats);
  const loadBefore = os.loadavg();
  const results: Record<string, Record<string, Measured[]>> = {};
  for (const spec of specs) {
    for (let repeat = 0; repeat < repeats; repeat++) {
      for (const side of sides) {
        const started = performance.now();
        const windows = await measureOnce(side.root, spec, options);
        const measured = windows.at(-1) as Measured;
        ((results[spec.name] ??= {})[side.name] ??= []).push(measured);
        log(
          `${spec.name} ${side.name} #${repeat + 1}: ${describe(measured)}, total ${((performance.now() - started) / 1000).toFixed(0)} s`,
        );
      }
    }
  }
  const lines: string[] = [];
  for (const spec of specs) {
    lines.push(`#### ${spec.name}: ${spec.what}`, '');
    lines.push(
      '| side | M Ir/req without TurboFan | spread | M Ir/req, all | spread | of which TurboFan | main thread | requests × repeats | jobs/batch | threads |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    const perRequest = (list: readonly Measured[], pick: (m: Measured) => number): number[] => list.map((m) => pick(m) / m.requests);
    const steady = (m: Measured): number => m.all - m.compile;
    const mean = (values: readonly number[]): number => values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length);
    const m3 = (values: readonly number[]): string => (mean(values) / 1e6).toFixed(3);
    for (const side of sides) {
      const list = results[spec.name]?.[side.name] ?? [];
      lines.push(
        `| ${side.name} | ${m3(perRequest(list, steady))} | ${spread(perRequest(list, steady))} | ${m3(perRequest(list, (m) => m.all))} | ` +
          `${spread(perRequest(list, (m) => m.all))} | ${m3(perRequest(list, (m) => m.compile))} | ${m3(perRequest(list, (m) => m.main))} | ` +
          `${list[0]?.requests ?? 0} × ${list.length} | ${list.map((m) => m.jobsPerBatch.toFixed(1)).join(', ')} | ${list.map((m) => m.threads).join(', ')} |`,
      );
    }
    const a = results[spec.name]?.A;
    const b = results[spec.name]?.B;
    if (a && b) {
      const ratio = (pick: (m: Measured) => number): string =>
        `${((mean(perRequest(b, pick)) / mean(perRequest(a, pick))) * 100).toFixed(2)}%`;
      lines.push(`| B/A | ${ratio(steady)} | | ${ratio((m) => m.all)} | | | ${ratio((m) => m.main)} | | | |`);
    }
    lines.push('');
  }
  const flags = options.v8Flags.length > 0 ? options.v8Flags.join(' ') : 'none (the product’s defaults)';
  const text =
    `${lines.join('\n')}\nA: ${sides[0]?.root}\n${sides[1] ? `B: ${sides[1].root}\n` : ''}` +
    `V8 flags of the server: ${flags}; session timers × ${options.timeScale}; scale ${scale}; load average before ${loadBefore.map((n) => n.toFixed(2)).join(' ')}, after ${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}\n`;
  process.stdout.write(text);
  await mkdir('.bench', { recursive: true });
  await writeFile(join('.bench', `${values.label}.json`), `${JSON.stringify({ results, text }, null, 2)}\n`);
}

await main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
