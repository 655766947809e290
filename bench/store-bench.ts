/**
 * `npm run bench -- --store`: the HTTP path with and without history recording (issue 16), in one
 * run. One engine serves three HTTP servers: one with a HistoryRecorder over a real store in a temp
 * folder, and two without (the second is an A/A control: its ratio to the first is the bench's own
 * noise); the same client process drives them in interleaved rounds with a rotating order, so
 * machine noise lands on every side alike. Two engines in turn: a trivial JS echo, so the
 * per-call cost of recording is as large a share of the latency as it can be (the worst case), and
 * the main bench's cost model (an ONNX model calibrated to about 5 ms a row, as `npm run bench`).
 */
import { writeEchoProject } from './echo-project.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../main/common/logger.js';
import { createEngine } from '../main/engine/create-engine.js';
import type { Engine } from '../main/engine/types.js';
import { loadProject } from '../main/project/load.js';
import { createHistoryRecorder, type FinishedJob } from '../main/store/history-recorder.js';
import { openStore, type Store } from '../main/store/open-store.js';
import { quickModelSize, rowTime } from './calibrate.js';
import { toResult, type LoadResult, type Sample } from './load.js';
import { writeModel } from './model.js';
import type { BenchOptions } from './options.js';
import { openHttp, type HttpPath } from './paths/http.js';
import { limitFor, writeProject } from './project.js';

const WIDTH = 16;
const PROJECT_NAME = 'store-bench';

const ms = (value: number): string => value.toFixed(2);

type Side = 'without' | 'control' | 'with';
const SIDES: readonly Side[] = ['without', 'control', 'with'];

interface Measured {
  readonly result: Record<Side, LoadResult>;
  /** Per round, req/s of `with` over `without`, and of `control` over `without` (the A/A spread). */
  readonly rounds: { readonly withRatio: number[]; readonly controlRatio: number[] };
}

const range = (values: readonly number[]): string => `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}`;

function line(label: string, concurrency: number, measured: Measured): string {
  const { without, control, with: withStore } = measured.result;
  return (
    `| ${label} | ${concurrency} | ${without.throughput.toFixed(0)} | ${withStore.throughput.toFixed(0)} | ` +
    `${(withStore.throughput / without.throughput).toFixed(3)} | ${(control.throughput / without.throughput).toFixed(3)} | ` +
    `${range(measured.rounds.withRatio)} | ${range(measured.rounds.controlRatio)} | ` +
    `${ms(without.p50Ms)} | ${ms(withStore.p50Ms)} | ${(withStore.p50Ms / without.p50Ms).toFixed(3)} | ` +
    `${(control.p50Ms / without.p50Ms).toFixed(3)} | ${ms(without.p99Ms)} | ${ms(withStore.p99Ms)} | ` +
    `${without.errors + control.errors + withStore.errors} |`
  );
}

/**
 * The three sides in rotating order each round (without, control, with; then control, with,
 * without; ...), so a warming or cooling machine favours none. `control` is a second server
 * without history: its ratio to `without` is the bench's own noise, the band a "within noise"
 * claim is judged against.
 */
async function measureSides(paths: Record<Side, HttpPath>, apiName: string, options: BenchOptions, concurrency: number): Promise<Measured> {
  const samples: Record<Side, Sample[]> = { without: [], control: [], with: [] };
  const load = { concurrency, warmupMs: options.warmupMs, durationMs: options.durationMs };
  const rounds = Math.max(3, options.rounds * 2);
  const rate = (sample: Sample): number => sample.latencies.length / sample.durationMs;
  const ratios = { withRatio: [] as number[], controlRatio: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    const order = SIDES.map((_, i) => SIDES[(i + round) % SIDES.length] as Side);
    const taken: Partial<Record<Side, Sample>> = {};
    for (const side of order) {
      const sample = await paths[side].sample(apiName, Math.min(concurrency, options.clients), load);
      samples[side].push(sample);
      taken[side] = sample;
    }
    const { without, control, with: withStore } = taken as Record<Side, Sample>;
    ratios.withRatio.push(rate(withStore) / rate(without));
    ratios.controlRatio.push(rate(control) / rate(without));
  }
  return {
    result: { without: toResult(samples.without), control: toResult(samples.control), with: toResult(samples.with) },
    rounds: ratios,
  };
}

/**
 * The serving thread's CPU per recorded run, without HTTP or machine noise between rounds: `count`
 * echo-sized runs through a HistoryRecorder, then the synchronous part of `flush()` (the hand-off to
 * the writer thread; in a store without one, the batch commit itself). CPU time, not wall time, so a
 * loaded machine does not inflate it; the writer thread is idle meanwhile (its batch window is long
 * and it was warmed up), so the process's CPU is the serving thread's.
 */
export async function recordCost(dir: string, count: number): Promise<number> {
  const store = openStore({ dataDir: join(dir, 'cost'), logger: silentLogger, batchDelayMs: 600_000, maxQueuedWrites: count * 2 });
  const recorder = createHistoryRecorder({ store, project: '/bench/project.json', logger: silentLogger });
  const row = Array.from({ length: WIDTH }, (_, i) => i / WIDTH);
  const job = (id: string): FinishedJob => {
    const now = Date.now();
    return {
      id,
      eventIndex: 0,
      apiName: 'echo',
      sessionId: 'bench',
      visitorId: null,
      caller: 'api',
      outcome: 'completed',
      error: null,
      queuedAt: now,
      startedAt: now,
      finishedAt: now,
      inputs: [row],
      outputs: [{ y: { dims: [1, WIDTH], data: row } }],
      resolveFile: () => Promise.resolve(null),
    };
  };
  await recorder.record(job('warm-up'));
  await store.writer.flush();
  const cpu = process.cpuUsage();
  for (let i = 0; i < count; i++) void recorder.record(job(`cost-${i}`));
  await recorder.settled();
  const flushed = store.writer.flush();
  const used = process.cpuUsage(cpu);
  await flushed;
  await store.close();
  return (used.user + used.system) / count;
}

interface Workload {
  readonly label: string;
  readonly engine: Engine;
  readonly project: string;
  readonly apiName: string;
  readonly width: number;
}

/** Both sides of one workload at every caller count, a table line each. */
async function compare(work: Workload, store: Store, dir: string, options: BenchOptions, log: (line: string) => void): Promise<string[]> {
  const history = createHistoryRecorder({ store, project: work.project, logger: silentLogger });
  const paths: Record<Side, HttpPath> = {
    without: await openHttp(work.engine, join(dir, `${work.label}-without`), work.width, options.clients),
    control: await openHttp(work.engine, join(dir, `${work.label}-control`), work.width, options.clients),
    with: await openHttp(work.engine, join(dir, `${work.label}-with`), work.width, options.clients, history),
  };
  const lines: string[] = [];
  try {
    for (const concurrency of options.concurrencies) {
      lines.push(line(work.label, concurrency, await measureSides(paths, work.apiName, options, concurrency)));
      log(lines.at(-1) ?? '');
    }
  } finally {
    for (const side of SIDES) await paths[side].dispose();
    await history.settled();
  }
  return lines;
}

async function modelWorkload(
  dir: string,
  options: BenchOptions,
  log: (line: string) => void,
): Promise<Workload & { dispose(): Promise<void> }> {
  const { size } = await quickModelSize(options, log);
  const model = await writeModel(size, 'store');
  const limit = Math.max(...options.concurrencies.map((c) => limitFor('off', c, options.batchLimit)));
  const project = await writeProject(model.dir, 'project.json', {
    width: size.width,
    events: [{ apiName: 'infer', mode: 'off', concurrency: limit, limit }],
  });
  const engine = await createEngine({
    loaded: await loadProject(project),
    environment: { offline: true, cacheDir: join(dir, 'model-cache') },
  });
  log(`cost model row: ${(await rowTime(size, 15)).toFixed(2)} ms`);
  return {
    label: `model ${size.width}x${size.depth}`,
    engine,
    project,
    apiName: 'infer',
    width: size.width,
    dispose: async () => {
      await engine.dispose();
      await model.remove();
    },
  };
}

export async function storeBench(options: BenchOptions, log: (line: string) => void): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'demo-desktop-store-bench-'));
  const projectFile = await writeEchoProject(dir, PROJECT_NAME);
  const echo = await createEngine({
    loaded: await loadProject(projectFile),
    environment: { offline: true, cacheDir: join(dir, 'cache') },
  });
  const store = openStore({ dataDir: join(dir, 'data'), logger: silentLogger });
  store.writer.startThread();
  const costUs = await recordCost(dir, 10_000);
  log(`recording one run: ${costUs.toFixed(1)} µs of the serving thread's CPU`);
  const lines = [
    `Recording one run (10,000 echo-sized runs, recorded and handed over): ${costUs.toFixed(1)} µs of the serving thread's CPU.`,
    '',
    '| workload | callers | req/s without | req/s with | ratio | A/A ratio | ratio per round | A/A per round | p50 ms without | p50 ms with | p50 ratio | A/A p50 ratio | p99 ms without | p99 ms with | errors |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  try {
    try {
      const work = { label: 'echo', engine: echo, project: projectFile, apiName: 'echo', width: WIDTH };
      lines.push(...(await compare(work, store, dir, options, log)));
    } finally {
      await echo.dispose();
    }
    const model = await modelWorkload(dir, options, log);
    try {
      lines.push(...(await compare(model, store, dir, options, log)));
    } finally {
      await model.dispose();
    }
  } finally {
    await store.writer.flush();
    const recorded = store.db.prepare('SELECT count(*) FROM runs').pluck().get() as number;
    lines.push('', `Runs recorded by the "with" sides: ${recorded}; database ${store.path}.`);
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
  return lines.join('\n');
}
