/**
 * `npm run bench:profile`: where a request's CPU goes on the HTTP path (docs/performance.md,
 * "Where the time goes"). The bench's 5 ms model behind one engine and server in this process, the
 * HTTP callers in the load process (http-load-process.ts), and for each caller count and client
 * kind two windows: one unprofiled (CPU per request of the server, the worker and the client
 * processes, from process.cpuUsage and /proc), then one under the CPU profiler, whose samples are
 * split into the request's stages (profile-stages.ts). The raw onnxruntime loop's CPU per request
 * is measured the same way: what the model itself costs. The server is profiled through the
 * inspector (the profiler `node --cpu-prof` uses, started only around the windows); the worker and
 * the load process run with `--cpu-prof` (NODE_OPTIONS), and their profiles, written when they
 * exit, are cut to the same windows (the profiles' clock is the system's monotonic clock, as
 * process.hrtime's). The .cpuprofile files stay in --out (open them in Chrome DevTools or
 * speedscope); the table goes to stdout and profile.json.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { RemoteProfiler } from './remote-profiler.js';
import { Session } from 'node:inspector/promises';
import { calibrate } from './calibrate.js';
import { commandLine, positiveInteger, positiveIntegers, positiveNumber } from './cli-args.js';
import { measure, type Sample } from './load.js';
import { machineInfo } from './machine.js';
import { makeRows, writeModel, type ModelSize } from './model.js';
import { openEngine } from './paths/engine.js';
import { openHttp } from './paths/http.js';
import { writeEchoProject } from './echo-project.js';
import { openFloor, type FloorPath } from './paths/floor.js';
import { openRaw } from './paths/raw.js';
import { writeProject } from './project.js';
import { stageTimes, type CpuProfile, type Side, type StageTimes } from './profile-stages.js';
import type { ClientKind } from './http-load-process.js';
import { childPids, processCpuUs } from './proc-cpu.js';

const log = (line: string): void => void process.stderr.write(`${line}\n`);

interface Window {
  readonly kind: ClientKind;
  readonly callers: number;
  readonly requests: number;
}

/**
 * The bare server of floor-server-process.ts with an echo child process or thread (plain client);
 * `floor-paced`: the echo child answering as a model that takes as long a call as our plain window
 * of the same callers did (its seconds per request), so the floor runs at our rate.
 */
type FloorKind = 'floor' | 'floor-thread' | 'floor-paced';
/** Our server with a trivial JS function (echo-project.ts) of ECHO_WIDTH numbers instead of the model (plain client). */
type JsKind = 'js';
const ECHO_WIDTH = 16;

/** CPU µs per request of each process, from an unprofiled window. */
interface CpuWindow {
  readonly kind: ClientKind | 'raw' | FloorKind | JsKind;
  readonly callers: number;
  readonly requests: number;
  readonly seconds: number;
  readonly serverUs: number;
  readonly workerUs: number;
  readonly clientUs: number;
}

/** The profilers' sampling interval, µs. */
const SAMPLE_US = 200;
const nowUs = (): number => Number(process.hrtime.bigint() / 1000n);
const serverCpuUs = (): number => {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
};

interface ProfileOptions {
  readonly callers: number[];
  readonly seconds: number;
  readonly depth: number | null;
  readonly width: number;
  readonly out: string;
  readonly kinds: ClientKind[];
  /** Only re-read the profiles and profile.json in `out` and print the table again. */
  readonly analyze: boolean;
}

const USAGE = `Usage: npm run bench:profile -- [options]

Where a request's CPU goes on the HTTP path: the bench's 5 ms model behind one engine and server in
this process, the HTTP callers in the load process; per caller count and client kind an unprofiled
window (CPU per request of the server, the worker and the client processes) and one under the CPU
profiler, split into the request's stages; the raw onnxruntime loop, the bare protocol floor and a
JS echo measured beside it. Prints the tables; the .cpuprofile files and profile.json go to OUT.

Options:
  --callers LIST   caller counts, comma-separated (default 1,8,64)
  --seconds N      length of each window (default 6)
  --width N        the cost model's width (default 256)
  --depth N        the cost model's depth (default: calibrated to 5 ms a row at --width)
  --clients LIST   HTTP client kinds, comma-separated: plain, gradio (default plain,gradio)
  --out DIR        output folder (default .bench/profile)
  --analyze        only re-read the profiles and profile.json in OUT and print the tables again
  -h, --help       this help
`;

function options(): ProfileOptions {
  return commandLine(
    {
      command: 'bench:profile',
      usage: USAGE,
      options: {
        callers: { type: 'string', default: '1,8,64' },
        seconds: { type: 'string', default: '6' },
        depth: { type: 'string' },
        width: { type: 'string', default: '256' },
        out: { type: 'string', default: '.bench/profile' },
        clients: { type: 'string', default: 'plain,gradio' },
        analyze: { type: 'boolean', default: false },
      },
    },
    (values) => ({
      callers: positiveIntegers('callers', values.callers),
      seconds: positiveNumber('seconds', values.seconds),
      depth: values.depth === undefined ? null : positiveInteger('depth', values.depth),
      width: positiveInteger('width', values.width),
      out: resolve(values.out),
      kinds: values.clients.split(',') as ClientKind[],
      analyze: values.analyze,
    }),
  );
}

async function modelSize(width: number, depth: number | null): Promise<ModelSize> {
  if (depth !== null) return { width, depth };
  const calibration = await calibrate({ targetMs: 5, width, tolerance: 0.1, runs: 15, maxDepth: 512, maxProbes: 5 });
  return calibration.size;
}

/** The issue's stages (docs/performance.md), each a sum of the server's finer ones; the rest is "GC, timers, V8, Node". */
const ISSUE_STAGES: readonly (readonly [string, readonly string[]])[] = [
  ['parse', ['HTTP parse (node)', 'parse (read body, JSON.parse)']],
  ['route', ['route']],
  ['validate', ['validate (zod)']],
  ['join', ['join', 'other (main/server/path-guard)']],
  ['answer the join', ['answer the join (JSON)']],
  ['schedule', ['schedule', 'engine (submit, function runner)']],
  ['to the worker and back (IPC)', ['IPC send/receive (ours)', 'IPC (node: read, deserialize)', 'IPC receive: validate (zod)']],
  ['shape outputs', ['shape outputs']],
  ['job messages', ['job messages (event-job)']],
  ['SSE write', ['SSE write', 'SSE: JSON.stringify', 'socket I/O (node)', 'HTTP write (node)']],
];

function issueTable(windows: readonly Window[], server: readonly StageTimes[]): string {
  const head = windows.map((w) => `${w.kind} ×${w.callers}`);
  const lines = [`| server stage | ${head.join(' | ')} |`, `| --- | ${head.map(() => '---:').join(' | ')} |`];
  const per = (times: StageTimes, i: number, names: readonly string[]): number =>
    names.reduce((sum, name) => sum + (times.stages.get(name) ?? 0), 0) / Math.max(1, windows[i]?.requests ?? 1);
  for (const [label, names] of ISSUE_STAGES) lines.push(`| ${label} | ${server.map((t, i) => per(t, i, names).toFixed(0)).join(' | ')} |`);
  const named = ISSUE_STAGES.flatMap(([, names]) => names);
  const rest = server.map((t, i) => t.busyUs / Math.max(1, windows[i]?.requests ?? 1) - per(t, i, named));
  lines.push(`| GC, timers, V8, Node, other | ${rest.map((us) => us.toFixed(0)).join(' | ')} |`);
  return lines.join('\n');
}

function table(windows: readonly Window[], cpu: readonly CpuWindow[], per: Record<Side, readonly StageTimes[]>): string {
  const head = windows.map((w) => `${w.kind} ×${w.callers}`);
  const lines = [`| stage | ${head.join(' | ')} |`, `| --- | ${head.map(() => '---:').join(' | ')} |`];
  for (const side of ['server', 'worker', 'client'] as const) {
    const names = new Set<string>();
    for (const times of per[side]) for (const name of times.stages.keys()) names.add(name);
    const rows = [...names].map((name) => ({
      name,
      cells: per[side].map((times, i) => (times.stages.get(name) ?? 0) / Math.max(1, windows[i]?.requests ?? 1)),
    }));
    rows.sort((a, b) => b.cells.reduce((x, y) => x + y, 0) - a.cells.reduce((x, y) => x + y, 0));
    for (const row of rows) lines.push(`| ${side}: ${row.name} | ${row.cells.map((us) => us.toFixed(0)).join(' | ')} |`);
    const busy = per[side].map((times, i) => times.busyUs / Math.max(1, windows[i]?.requests ?? 1));
    lines.push(`| **${side}: profiled JS thread, total** | ${busy.map((us) => `**${us.toFixed(0)}**`).join(' | ')} |`);
  }
  const cpuOf = (w: Window): CpuWindow | undefined => cpu.find((c) => c.kind === w.kind && c.callers === w.callers);
  const row = (label: string, pick: (c: CpuWindow) => number): string =>
    `| ${label} | ${windows.map((w) => (cpuOf(w) ? pick(cpuOf(w) as CpuWindow).toFixed(0) : '–')).join(' | ')} |`;
  lines.push(row('server process CPU (unprofiled)', (c) => c.serverUs));
  lines.push(row('worker process CPU, all threads (unprofiled)', (c) => c.workerUs));
  lines.push(row('client process CPU (unprofiled)', (c) => c.clientUs));
  lines.push(row('req/s (unprofiled)', (c) => c.requests / c.seconds));
  return lines.join('\n');
}

/**
 * Ours against the floor (floor-server-process.ts), per caller count, plain client, µs of CPU per
 * request: the server process, the worker (ours: all threads, the model included; the floor's echo
 * child), and "ours − paced floor", what our server spends above Node's HTTP, the protocol's writes
 * and one IPC round trip at the same request rate; and our server with a trivial JS function
 * (issue 17's text-to-text case).
 */
function floorTable(cpu: readonly CpuWindow[]): string {
  const lines = [
    '| callers | server: ours | server: floor (echo process) | server: floor (echo thread) | server: floor paced to our rate | ours − paced floor | echo child (paced) | JS echo: server + worker | req/s: ours / floor / floor-thread / paced / raw / JS echo |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  const callers = [...new Set(cpu.map((c) => c.callers))];
  for (const n of callers) {
    const of = (kind: CpuWindow['kind']): CpuWindow | undefined => cpu.find((c) => c.kind === kind && c.callers === n);
    const ours = of('plain');
    const floor = of('floor');
    const thread = of('floor-thread');
    const js = of('js');
    const us = (value: number | undefined): string => (value === undefined ? '–' : value.toFixed(0));
    const rate = (c: CpuWindow | undefined): string => (c ? (c.requests / c.seconds).toFixed(0) : '–');
    const paced = of('floor-paced');
    const gap = ours && paced ? ours.serverUs - paced.serverUs : undefined;
    lines.push(
      `| ${n} | ${us(ours?.serverUs)} | ${us(floor?.serverUs)} | ${us(thread?.serverUs)} | ${us(paced?.serverUs)} | ${us(gap)} | ${us(paced?.workerUs)} | ` +
        `${js ? `${us(js.serverUs)} + ${us(js.workerUs)}` : '–'} | ${[ours, floor, thread, paced, of('raw'), js].map(rate).join(' / ')} |`,
    );
  }
  return lines.join('\n');
}

/** The table (stdout) and the top functions of each window (tops.json), from the files in `out`. */
async function report(out: string): Promise<void> {
  const saved = JSON.parse(await readFile(join(out, 'profile.json'), 'utf8')) as { windows: Window[]; cpu: CpuWindow[]; load: number[] };
  const { windows, cpu } = saved;
  const per: Record<Side, StageTimes[]> = { server: [], worker: [], client: [] };
  for (const w of windows) {
    for (const side of ['server', 'worker', 'client'] as const) {
      const profile = JSON.parse(await readFile(join(out, `${side}-${w.kind}-${w.callers}.cpuprofile`), 'utf8')) as CpuProfile;
      per[side].push(stageTimes(profile, side, profile.startTime, profile.endTime, SAMPLE_US));
    }
  }
  const top = (times: StageTimes | undefined, requests: number): string[] =>
    [...(times?.functions ?? [])]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 25)
      .map(([name, us]) => `${(us / requests).toFixed(1).padStart(7)} µs  ${name}`);
  const tops = windows.map((w, i) => ({
    window: `${w.kind} ×${w.callers}`,
    server: top(per.server[i], w.requests),
    worker: top(per.worker[i], w.requests),
    client: top(per.client[i], w.requests),
  }));
  await writeFile(join(out, 'tops.json'), `${JSON.stringify(tops, null, 2)}\n`);
  process.stdout.write(
    `${table(windows, cpu, per)}\n\n${issueTable(windows, per.server)}\n\n${floorTable(cpu)}\n\n` +
      `load average during the run: ${saved.load.join(' ')}\n`,
  );
}

async function main(): Promise<void> {
  const opts = options();
  if (opts.analyze) {
    await report(opts.out);
    return;
  }
  await mkdir(opts.out, { recursive: true });
  const size = await modelSize(opts.width, opts.depth);
  log(`model: width ${size.width} depth ${size.depth}; load ${machineInfo().loadAverage.join(' ')}`);
  const files = await writeModel(size, 'profile');
  const rows = makeRows(size.width);
  const events = opts.callers.map((callers) => ({ apiName: `off_${callers}`, mode: 'off' as const, concurrency: callers, limit: callers }));
  const project = await writeProject(files.dir, 'profile.json', { width: size.width, events });
  // The worker and the load process open their inspector on a port of their own (forked with this
  // environment), so their profilers can be driven from here, window by window.
  const inherited = process.env.NODE_OPTIONS;
  const base = 20_000 + Math.floor(Math.random() * 20_000);
  process.env.NODE_OPTIONS = `${inherited ?? ''} --inspect=127.0.0.1:${base}`.trim();
  const engine = await openEngine(project, size.width, rows);
  process.env.NODE_OPTIONS = `${inherited ?? ''} --inspect=127.0.0.1:${base + 1}`.trim();
  const http = await openHttp(engine.engine, join(files.dir, 'data'), size.width, 8);
  if (inherited === undefined) delete process.env.NODE_OPTIONS;
  else process.env.NODE_OPTIONS = inherited;
  const workerPid = childPids(process.pid, /worker-main/)[0] ?? -1;
  const remote: Record<'worker' | 'client', RemoteProfiler> = {
    worker: await RemoteProfiler.connect(base, SAMPLE_US),
    client: await RemoteProfiler.connect(base + 1, SAMPLE_US),
  };
  const raw = await openRaw(files.bytes, size.width, rows);
  const echoEngine = await openEngine(await writeEchoProject(files.dir, 'echo'), ECHO_WIDTH, makeRows(ECHO_WIDTH));
  const echoHttp = await openHttp(echoEngine.engine, join(files.dir, 'echo-data'), ECHO_WIDTH, 8);
  const names = events.map((e) => e.apiName);
  const floors: Record<FloorKind, FloorPath> = {
    floor: await openFloor(size.width, names, 'process', 8),
    'floor-thread': await openFloor(size.width, names, 'thread', 8),
    'floor-paced': await openFloor(size.width, names, 'process', 8),
  };
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: SAMPLE_US });
  const windows: Window[] = [];
  const cpu: CpuWindow[] = [];
  const ms = opts.seconds * 1000;
  /** The processes whose CPU a window of `kind` counts as server, worker and client. */
  const pidsOf = (kind: CpuWindow['kind']): { server: number | 'self'; worker: number; client: number } => {
    if (kind === 'raw') return { server: 'self', worker: -1, client: -1 };
    if (kind === 'js') {
      // The JS module's worker starts on the first call (the window's warm-up), next to the model's.
      const jsWorker = childPids(process.pid, /worker-main/).find((pid) => pid !== workerPid) ?? -1;
      return { server: 'self', worker: jsWorker, client: echoHttp.clientPid };
    }
    if (kind === 'floor' || kind === 'floor-thread' || kind === 'floor-paced') {
      const floor = floors[kind];
      return { server: floor.serverPid, worker: floor.echoPid, client: floor.clientPid };
    }
    return { server: 'self', worker: workerPid, client: http.clientPid };
  };
  try {
    for (const callers of opts.callers) {
      for (const kind of [...opts.kinds, 'raw', 'floor', 'floor-thread', 'floor-paced', 'js'] as const) {
        if (kind === 'floor-paced') {
          const ours = cpu.find((c) => c.kind === 'plain' && c.callers === callers);
          if (!ours) continue;
          floors[kind].pace((ours.seconds * 1000) / Math.max(1, ours.requests));
        }
        const run = (durationMs: number): Promise<Sample> => {
          const load = { concurrency: callers, warmupMs: 0, durationMs };
          if (kind === 'raw') return measure(raw.call, load);
          if (kind === 'js') return echoHttp.sample('echo', Math.min(callers, 8), load, 'plain');
          if (kind === 'floor' || kind === 'floor-thread' || kind === 'floor-paced') {
            return floors[kind].sample(`off_${callers}`, Math.min(callers, 8), load, 'plain');
          }
          return http.sample(`off_${callers}`, Math.min(callers, 8), load, kind);
        };
        await run(1000);
        // Unprofiled: what each process spends per request.
        const pids = pidsOf(kind);
        const serverCpu = (): number => (pids.server === 'self' ? serverCpuUs() : processCpuUs(pids.server));
        const before = { server: serverCpu(), worker: processCpuUs(pids.worker), client: processCpuUs(pids.client), at: nowUs() };
        const { latencies } = await run(ms);
        const seconds = (nowUs() - before.at) / 1e6;
        const requests = latencies.length;
        const figures: CpuWindow = {
          kind,
          callers,
          requests,
          seconds,
          serverUs: (serverCpu() - before.server) / requests,
          workerUs: (processCpuUs(pids.worker) - before.worker) / requests,
          clientUs: (processCpuUs(pids.client) - before.client) / requests,
        };
        cpu.push(figures);
        log(
          `${kind} ×${callers}: ${(requests / seconds).toFixed(0)} req/s, CPU per request: server ${figures.serverUs.toFixed(0)} µs, ` +
            `worker ${figures.workerUs.toFixed(0)} µs, client ${figures.clientUs.toFixed(0)} µs`,
        );
        if (kind !== 'plain' && kind !== 'gradio') continue;
        // Profiled: the same load under the sampling profiler, for the split into stages.
        await Promise.all([session.post('Profiler.start'), remote.worker.start(), remote.client.start()]);
        const sample = await run(ms);
        const profiles: Record<Side, CpuProfile> = {
          server: (await session.post('Profiler.stop')).profile as unknown as CpuProfile,
          worker: await remote.worker.stop(),
          client: await remote.client.stop(),
        };
        windows.push({ kind, callers, requests: sample.latencies.length });
        for (const side of ['server', 'worker', 'client'] as const) {
          await writeFile(join(opts.out, `${side}-${kind}-${callers}.cpuprofile`), JSON.stringify(profiles[side]));
        }
      }
    }
  } finally {
    session.disconnect();
    remote.worker.close();
    remote.client.close();
    await raw.dispose();
    await floors.floor.dispose();
    await floors['floor-thread'].dispose();
    await floors['floor-paced'].dispose();
    await echoHttp.dispose();
    await echoEngine.dispose();
    await http.dispose();
    await engine.dispose();
    await files.remove();
  }
  await writeFile(join(opts.out, 'profile.json'), `${JSON.stringify({ size, load: machineInfo().loadAverage, windows, cpu }, null, 2)}\n`);
  await report(opts.out);
  log(`profiles and profile.json in ${opts.out}`);
}

await main().catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
