/**
 * `npm run bench -- --scale-out`: the Redis path's cost against the embedded queue, and 1 against
 * 2 workers, on this machine (issue 18). The bench's cost model (an ONNX model calibrated to about
 * `--target-ms` a row, as `npm run bench`) served three ways, each a real deployment made of the
 * CLI's processes (scale-out-sides.ts):
 *
 * - `embedded`: `demo-desktop serve` (the in-process queue, one ONNX worker process);
 * - `redis 1 worker`: a redis-server of its own, `serve --queue` and one `demo-desktop worker`
 *   with `--isolation process` (the model in a worker process of the worker: two process hops);
 * - `redis 1 worker, threads`: the same with the worker's default, `--isolation thread` (the model
 *   in a thread of the worker process: one hop), side by side with the row above;
 * - `redis 2 workers`: two workers with `--isolation process`, whose ONNX threads share out the
 *   cores (as the engine shares them between replicas), so the two sides use the same cores.
 *
 * The same plain keep-alive client (plain-client.ts) drives each from its own process; the sides
 * are measured in interleaved slices with a rotating order, so machine noise lands on all alike.
 * Per side: req/s, p50/p99, and the CPU per request of its whole process tree by role, counted
 * over each slice's measured window only (not its warm-up).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { quickModelSize } from './calibrate.js';
import { toResult, type LoadOptions, type Sample } from './load.js';
import { machineInfo } from './machine.js';
import { writeModel, type ModelSize } from './model.js';
import type { BenchOptions } from './options.js';
import { projectJson } from './project.js';
import { rewriteSection, scaleOutMarkdown, type ScaleOutCell, type ScaleOutResults } from './scale-out-report.js';
import { startSide, type Role, type Side, type SideOptions } from './scale-out-sides.js';

type Log = (line: string) => void;

/** One event `infer` whose limit lets every caller run at once; `threads`: the ONNX intra-op threads of each worker process. */
async function writeSideProject(dir: string, file: string, width: number, limit: number, threads?: number): Promise<string> {
  const project = projectJson({ width, events: [{ apiName: 'infer', mode: 'off', concurrency: limit, limit }] });
  const models = project.models as Record<string, Record<string, unknown>>;
  if (threads !== undefined && models.cost) models.cost.threads = threads;
  const path = join(dir, file);
  await writeFile(path, `${JSON.stringify(project, null, 2)}\n`);
  return path;
}

interface Tally {
  readonly samples: Sample[];
  readonly cpuUs: Record<Role, number>;
  /** Per slice, req/s (to show how much the rounds agree). */
  readonly rates: number[];
}

const noCpu = (): Record<Role, number> => ({ front: 0, workers: 0, redis: 0 });

/**
 * One slice of `side`: the load process runs warm-up then the measured window; the CPU of the
 * side's processes is read at the window's start and end (timers here, started with the request:
 * the load process starts its clock when the message arrives, within a millisecond).
 */
async function slice(side: Side, callers: number, clients: number, load: LoadOptions, tally: Tally, log: Log): Promise<void> {
  const read: { start?: Record<Role, number>; end?: Record<Role, number> } = {};
  const timers = [
    setTimeout(() => (read.start = side.cpuUs()), load.warmupMs),
    setTimeout(() => (read.end = side.cpuUs()), load.warmupMs + load.durationMs),
  ];
  const sample = await side.load.sample('infer', clients, load, 'plain');
  for (const timer of timers) clearTimeout(timer);
  const start = read.start ?? side.cpuUs();
  const end = read.end ?? side.cpuUs();
  // Counted, not fatal: the table shows them next to the figures they make doubtful.
  if (sample.errors > 0) log(`${side.name}, ${callers} callers: ${sample.errors} errors, first: ${sample.firstError ?? '?'}`);
  tally.samples.push(sample);
  tally.rates.push((sample.latencies.length / sample.durationMs) * 1000);
  for (const role of Object.keys(tally.cpuUs) as Role[]) tally.cpuUs[role] += end[role] - start[role];
}

/** A measured slice: at least a second (see measureCallers). */
const sliceMs = (options: BenchOptions): number => Math.max(1000, options.durationMs / options.rounds);

/**
 * Unrecorded slices until one completes a call per session (client): a cold side (a worker still
 * loading its model, on a busy machine for seconds) completes none, and would otherwise measure
 * its start-up.
 */
async function warmUp(side: Side, clients: number, load: LoadOptions, log: Log): Promise<void> {
  for (let tries = 1; tries <= 10; tries++) {
    const sample = await side.load.sample('infer', clients, load, 'plain');
    if (sample.latencies.length >= clients) return;
  }
  log(`${side.name}: still fewer than ${clients} calls a warm-up slice after 10 of them; measuring anyway`);
}

async function measureCallers(sides: readonly Side[], callers: number, options: BenchOptions, log: Log): Promise<ScaleOutCell[]> {
  const tallies = sides.map((): Tally => ({ samples: [], cpuUs: noCpu(), rates: [] }));
  const clients = Math.min(callers, options.clients);
  // Unrecorded first: a side's first calls are cold (a worker's model and first claims, connections, JIT).
  const warm = { concurrency: callers, warmupMs: 0, durationMs: Math.max(options.warmupMs, 1000) };
  for (const side of sides) await warmUp(side, clients, warm, log);
  for (let round = 0; round < options.rounds; round++) {
    // At least a second a slice: a call through the queue is several round trips (join, claim,
    // complete, the stream), so on a busy machine a --quick slice would see few or none complete.
    const load = {
      concurrency: callers,
      warmupMs: Math.min(options.warmupMs, 250),
      durationMs: sliceMs(options),
    };
    for (let i = 0; i < sides.length; i++) {
      const index = (i + round) % sides.length;
      await slice(sides[index] as Side, callers, clients, load, tallies[index] as Tally, log);
    }
  }
  return sides.map((side, i) => {
    const tally = tallies[i] as Tally;
    const result = toResult(tally.samples);
    const cell: ScaleOutCell = {
      side: side.name,
      callers,
      ...result,
      cpuUsPerRequest: perRequest(tally.cpuUs, result.count),
      rates: tally.rates,
    };
    log(
      `${side.name}, ${callers} callers: ${result.throughput.toFixed(0)} req/s, p50 ${result.p50Ms.toFixed(2)} ms, ` +
        `p99 ${result.p99Ms.toFixed(2)} ms, ${(cell.cpuUsPerRequest.total / 1000).toFixed(2)} ms CPU/req`,
    );
    return cell;
  });
}

function perRequest(cpuUs: Record<Role, number>, count: number): ScaleOutCell['cpuUsPerRequest'] {
  const per = (us: number): number => (count > 0 ? us / count : Number.NaN);
  return {
    front: per(cpuUs.front),
    workers: per(cpuUs.workers),
    redis: per(cpuUs.redis),
    total: per(cpuUs.front + cpuUs.workers + cpuUs.redis),
  };
}

/** The four sides, started one after the other (model loads are CPU-heavy), in the model's folder; all idle but the measured one. */
async function startSides(dir: string, size: ModelSize, options: BenchOptions, log: Log): Promise<Side[]> {
  const limit = Math.max(...options.concurrencies);
  const cores = availableParallelism();
  const oneProject = await writeSideProject(dir, 'one.json', size.width, limit);
  const twoProject = await writeSideProject(dir, 'two.json', size.width, limit, Math.max(1, Math.floor(cores / 2)));
  const base = { width: size.width, clients: options.clients, maxRuns: limit, redisArgs: ['--appendfsync', options.appendfsync], log };
  const specs: SideOptions[] = [
    { ...base, name: 'embedded', project: oneProject, dataDir: join(dir, 'embedded'), workers: 0, isolation: 'process' },
    { ...base, name: 'redis 1 worker', project: oneProject, dataDir: join(dir, 'redis-1'), workers: 1, isolation: 'process' },
    { ...base, name: 'redis 1 worker, threads', project: oneProject, dataDir: join(dir, 'redis-1t'), workers: 1, isolation: 'thread' },
    { ...base, name: 'redis 2 workers', project: twoProject, dataDir: join(dir, 'redis-2'), workers: 2, isolation: 'process' },
  ];
  const sides: Side[] = [];
  try {
    for (const spec of specs) {
      sides.push(await startSide(spec));
      log(`started: ${spec.name}`);
    }
  } catch (error) {
    for (const side of sides) await side.stop();
    throw error;
  }
  return sides;
}

export async function scaleOutBench(options: BenchOptions, log: Log): Promise<string> {
  const startedAt = new Date().toISOString();
  const loadBefore = loadavg();
  const { size, rowMs } = await quickModelSize(options, log);
  const model = await writeModel(size, 'scale-out');
  const cells: ScaleOutCell[] = [];
  try {
    const sides = await startSides(model.dir, size, options, log);
    try {
      for (const callers of options.concurrencies) cells.push(...(await measureCallers(sides, callers, options, log)));
    } finally {
      for (const side of sides) await side.stop();
    }
  } finally {
    await model.remove();
  }
  const results: ScaleOutResults = {
    startedAt,
    machine: machineInfo(),
    loadAverageBefore: loadBefore,
    loadAverageAfter: loadavg(),
    model: { ...size, rowMs },
    options: {
      quick: options.quick,
      warmupMs: options.warmupMs,
      durationMs: sliceMs(options) * options.rounds,
      rounds: options.rounds,
      clients: options.clients,
      appendfsync: options.appendfsync,
    },
    cells,
  };
  const out = join(dirname(resolve(options.out)), 'scale-out.json');
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
  const markdown = scaleOutMarkdown(results);
  if (options.docs) await rewriteSection(options.docs, markdown);
  log(`wrote ${out}${options.docs ? ` and ${options.docs}` : ''}`);
  return markdown;
}
