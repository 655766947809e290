import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';

/** Command-line options of `npm run bench`. */

export interface BenchOptions {
  readonly quick: boolean;
  readonly targetMs: number;
  readonly width: number;
  /** Forced model size, skipping calibration. */
  readonly depth: number | null;
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly concurrencies: readonly number[];
  readonly batchableConcurrencies: readonly number[];
  /** Batches in flight per batched event (concurrencyLimit of batched events). */
  readonly batchLimit: number;
  /** Static policy's longest wait for a batch to fill. */
  readonly windowMs: number;
  /** Gradio clients (sessions) the HTTP callers share, at most. */
  readonly clients: number;
  /** Interleaved slices each cell is measured in (see bench-config.ts). */
  readonly rounds: number;
  /** Measured time of each raw-loop slice around a cell slice (paired-ratio.ts). */
  readonly rawSliceMs: number;
  /** Warm-up of each raw-loop slice after the first (which warms up for `warmupMs`). */
  readonly rawWarmupMs: number;
  /** Caller counts with an extra 5 ms-model cell measuring the raw loop again, paired like the others: should read ~100%. */
  readonly aa: readonly number[];
  /** Only the cells whose path (`engine`) or path/mode (`http-plain/off`) is listed; null: all. */
  readonly only: readonly string[] | null;
  /** Replicas of the extra unbatched 5 ms-model rows (1: no such rows). */
  readonly replicas: number;
  /** Extra unbatched 5 ms-model rows with the model in a worker thread (`"isolation": "thread"`). */
  readonly thread: boolean;
  readonly out: string;
  readonly docs: string | null;
  /** Only the store comparison (store-bench.ts): the HTTP path with and without history recording. */
  readonly store: boolean;
  /** Only the scale-out comparison (scale-out.ts): embedded queue, Redis with 1 and 2 workers. */
  readonly scaleOut: boolean;
  /** The scale-out bench's redis-server `appendfsync`. */
  readonly appendfsync: 'always' | 'everysec';
}

export const HELP = `Usage: npm run bench -- [options]

Benchmarks the inference scheduler on the configurable-cost ONNX model: (a) raw onnxruntime-node
in this process, (b) the engine (scheduler + ONNX worker) in this process, (c) the HTTP server
through a plain keep-alive client and through @gradio/client (the same queue protocol); at several
caller counts, unbatched and with static and adaptive batching. Prints each ratio next to its target.
Writes .bench/results.json and prints a Markdown table. Talks only to 127.0.0.1.

Options:
  --quick              30 s smoke run (short cells, fewer caller counts)
  --target-ms N        calibrate the model so one row takes about N ms in the raw loop (default 5)
  --width N            cost-model width to calibrate at (default 256)
  --depth N            skip calibration and use this depth at --width
  --duration-ms N      measured time per cell (default 3000; quick 550)
  --warmup-ms N        warm-up per cell (default 1000; quick 250)
  --concurrency LIST   caller counts for the 5 ms model (default 1,8,64; quick 1,64)
  --batch-limit N      concurrencyLimit of batched events (default 1)
  --window-ms N        static batching window (default 10)
  --clients N          most @gradio/client instances the HTTP callers share (default 8)
  --rounds N           slices each cell is measured in, interleaved with the other cells of
                       its caller count (default 3; quick 1)
  --raw-slice-ms N     measured time of the raw-loop slice before and after every cell slice;
                       each cell's "vs (a)" is its slices' throughput over that of the raw
                       slices on both sides of them (default 400; quick 200)
  --raw-warmup-ms N    warm-up of those raw slices (default 100; quick 50)
  --aa LIST            caller counts with an A/A row (5 ms model): the raw loop measured again as
                       a cell, paired like the others; it should read ~100%, and its pairs' spread
                       is the noise of every other row's ratio (default 1; none)
  --batchable-concurrency LIST
                       caller counts for the batchable model (default 8,64; quick 64; none)
  --only LIST          only these cells, as path or path/mode: engine, http-plain/off, http/adaptive
  --replicas N         extra unbatched rows with N model replicas at 8+ callers (default: the
                       cores, at least 2; 1 leaves them out)
  --no-thread          leave out the extra unbatched rows with the model in a worker thread
                       ("isolation": "thread", docs/engine.md) instead of a worker process
  --out FILE           JSON results (default .bench/results.json)
  --docs FILE          also rewrite the measured section of this Markdown file (e.g. docs/performance.md)
  --store              only the store comparison: the HTTP path (a JS echo) with and without
                       history recording, interleaved rounds, the ratio printed (docs/store.md)
  --scale-out          only the scale-out comparison (docs/scale-out.md): the embedded queue, and
                       serve --queue on a redis-server of its own with 1 and with 2 workers, as
                       processes; req/s, p50/p99, CPU per request of each whole process tree,
                       the ratios (--concurrency default 8,64; --docs docs/scale-out.md)
  --appendfsync MODE   the scale-out bench's redis-server: everysec (default) or always
  -h, --help           this help
`;

function numberList(value: string, name: string): number[] {
  const list = value.split(',').map((part) => Number(part.trim()));
  if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error(`--${name} takes positive integers, e.g. 1,8,64`);
  return list;
}

const PATHS = ['engine', 'http', 'http-plain'];
const MODES = ['off', 'static16', 'static32', 'adaptive'];

function onlyList(value: string): string[] {
  const list = value.split(',').map((part) => part.trim());
  for (const token of list) {
    const [path, mode, rest] = token.split('/');
    if (!PATHS.includes(path ?? '') || (mode !== undefined && !MODES.includes(mode)) || rest !== undefined)
      throw new Error(`--only takes path or path/mode (paths ${PATHS.join(', ')}; modes ${MODES.join(', ')}), got "${token}"`);
  }
  return list;
}

function positive(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} takes a positive number, got "${value}"`);
  return n;
}

/** Parses argv; returns null when --help was asked for. */
export function parseOptions(argv: readonly string[]): BenchOptions | null {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      quick: { type: 'boolean', default: false },
      'target-ms': { type: 'string' },
      width: { type: 'string' },
      depth: { type: 'string' },
      'duration-ms': { type: 'string' },
      'warmup-ms': { type: 'string' },
      concurrency: { type: 'string' },
      'batch-limit': { type: 'string' },
      'window-ms': { type: 'string' },
      clients: { type: 'string' },
      replicas: { type: 'string' },
      'no-thread': { type: 'boolean', default: false },
      rounds: { type: 'string' },
      'raw-slice-ms': { type: 'string' },
      'raw-warmup-ms': { type: 'string' },
      aa: { type: 'string' },
      'batchable-concurrency': { type: 'string' },
      only: { type: 'string' },
      out: { type: 'string' },
      docs: { type: 'string' },
      store: { type: 'boolean', default: false },
      'scale-out': { type: 'boolean', default: false },
      appendfsync: { type: 'string', default: 'everysec' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return null;
  const quick = values.quick;
  const scaleOut = values['scale-out'];
  const concurrencies = values.concurrency
    ? numberList(values.concurrency, 'concurrency')
    : scaleOut
      ? [8, 64]
      : quick
        ? [1, 64]
        : [1, 8, 64];
  const { appendfsync } = values;
  if (appendfsync !== 'always' && appendfsync !== 'everysec')
    throw new Error(`--appendfsync takes always or everysec, got "${appendfsync}"`);
  return {
    quick,
    targetMs: positive(values['target-ms'], 'target-ms', 5),
    width: Math.round(positive(values.width, 'width', 256)),
    depth: values.depth === undefined ? null : Math.round(positive(values.depth, 'depth', 1)),
    warmupMs: positive(values['warmup-ms'], 'warmup-ms', quick ? 250 : 1000),
    durationMs: positive(values['duration-ms'], 'duration-ms', quick ? 550 : 3000),
    concurrencies,
    batchableConcurrencies:
      values['batchable-concurrency'] === 'none'
        ? []
        : values['batchable-concurrency']
          ? numberList(values['batchable-concurrency'], 'batchable-concurrency')
          : quick
            ? [64]
            : [8, 64],
    batchLimit: Math.round(positive(values['batch-limit'], 'batch-limit', 1)),
    windowMs: positive(values['window-ms'], 'window-ms', 10),
    clients: Math.round(positive(values.clients, 'clients', 8)),
    rounds: Math.round(positive(values.rounds, 'rounds', quick ? 1 : 3)),
    rawSliceMs: positive(values['raw-slice-ms'], 'raw-slice-ms', quick ? 200 : 400),
    rawWarmupMs: positive(values['raw-warmup-ms'], 'raw-warmup-ms', quick ? 50 : 100),
    aa: values.aa === 'none' ? [] : values.aa ? numberList(values.aa, 'aa') : [1],
    only: values.only ? onlyList(values.only) : null,
    replicas: Math.round(positive(values.replicas, 'replicas', Math.max(2, availableParallelism()))),
    thread: !values['no-thread'],
    out: values.out ?? '.bench/results.json',
    docs: values.docs ?? null,
    store: values.store,
    scaleOut,
    appendfsync,
  };
}
