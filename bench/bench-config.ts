import { join } from 'node:path';
import { measure, toResult, type Sample } from './load.js';
import { combinePairs, pairTimeline, throughputOf, type PairedRatio, type Slice } from './paired-ratio.js';
import { makeRows, writeModel, type ModelSize } from './model.js';
import { openEngine, type EnginePath } from './paths/engine.js';
import { openHttp, type HttpPath } from './paths/http.js';
import { openRaw } from './paths/raw.js';
import { limitFor, writeProject, type BatchMode, type CellEvent, type PolicyName } from './project.js';
import type { BenchOptions } from './options.js';
import type { Cell, ConfigName, PathName } from './report.js';

/**
 * All cells of one model size: the raw session, and per batch policy one engine (one ONNX worker)
 * with an HTTP server and its clients. Cells run grouped by caller count, each slice of a cell
 * between two short slices of the raw loop, so each ratio compares measurements taken moments
 * apart (paired-ratio.ts). Everything opened
 * here is disposed here, in reverse order, whatever happens.
 */

export interface ConfigRun {
  readonly name: ConfigName;
  readonly size: ModelSize;
  readonly concurrencies: readonly number[];
}

type PendingCell = {
  readonly mode: BatchMode;
  readonly limit: number;
  readonly samples: Sample[];
} & (
  | { readonly path: 'engine' | 'http' | 'http-plain'; readonly stack: Stack }
  /** The A/A check (`--aa`): the raw loop again, paired like the other cells. */
  | { readonly path: 'raw-aa'; readonly stack?: undefined }
);

interface Stack {
  readonly engine: EnginePath;
  readonly http: HttpPath;
  readonly modes: readonly BatchMode[];
  readonly replicas: number;
  readonly isolation?: 'thread';
}

const apiName = (mode: BatchMode, concurrency: number): string => `${mode}_${concurrency}`;

const PLAIN_MODES: readonly BatchMode[] = ['off', 'adaptive'];

export async function benchConfig(
  run: ConfigRun,
  options: BenchOptions,
  staticSupported: boolean,
  log: (line: string) => void,
): Promise<Cell[]> {
  const { width } = run.size;
  if (run.concurrencies.length === 0) return [];
  const files = await writeModel(run.size, run.name);
  const disposers: (() => Promise<void>)[] = [];
  const cells: Cell[] = [];
  try {
    const rows = makeRows(width);
    const raw = await openRaw(files.bytes, width, rows);
    disposers.push(() => raw.dispose());

    const openStack = async (policy: PolicyName, modes: readonly BatchMode[], replicas = 1, isolation?: 'thread'): Promise<Stack> => {
      const events: CellEvent[] = run.concurrencies.flatMap((concurrency) =>
        modes.map((mode) => ({
          apiName: apiName(mode, concurrency),
          mode,
          concurrency,
          limit: limitFor(mode, concurrency, options.batchLimit),
        })),
      );
      const name = isolation ? `${policy}-thread` : replicas > 1 ? `${policy}-x${replicas}` : policy;
      const file = await writeProject(files.dir, `${name}.json`, {
        width,
        events,
        replicas,
        ...(isolation ? { isolation } : {}),
        ...(staticSupported ? { batching: { policy, windowMs: options.windowMs } } : {}),
      });
      const engine = await openEngine(file, width, rows);
      disposers.push(() => engine.dispose());
      const http = await openHttp(engine.engine, join(files.dir, name), width, options.clients);
      disposers.push(() => http.dispose());
      return { engine, http, modes, replicas, ...(isolation ? { isolation } : {}) };
    };
    const stacks = [await openStack('adaptive', ['off', 'adaptive'])];
    if (staticSupported) stacks.push(await openStack('static', ['static16', 'static32']));
    const stackOf = (mode: BatchMode): Stack | undefined => stacks.find((stack) => stack.modes.includes(mode));
    // Unbatched with one replica per core: what separate processes buy over one in-process session.
    const replicated = run.name === 'main' && options.replicas > 1 ? await openStack('adaptive', ['off'], options.replicas) : undefined;
    // Unbatched with the model in a worker thread: what the process boundary costs per request.
    const threaded = run.name === 'main' && options.thread ? await openStack('adaptive', ['off'], 1, 'thread') : undefined;
    const modes: BatchMode[] = ['off', 'static16', 'static32', 'adaptive'];

    for (const concurrency of run.concurrencies) {
      const variant = (mode: BatchMode, stack?: Stack): string =>
        stack?.isolation ? `${mode} thr` : stack && stack.replicas > 1 ? `${mode} ${stack.replicas}r` : mode;
      const pct = (ratio: number | null | undefined): string => (ratio == null ? '–' : `${Math.round(ratio * 100)}%`);
      const progress = (path: PathName, mode: BatchMode, cell: Cell, stack?: Stack): void =>
        log(
          `[${run.name}] ×${String(concurrency).padEnd(3)} ${path.padEnd(10)} ${variant(mode, stack).padEnd(8)} ${cell.throughput.toFixed(0).padStart(6)} req/s  ` +
            `p50 ${cell.p50Ms.toFixed(2)} ms  p99 ${cell.p99Ms.toFixed(2)} ms` +
            (path === 'raw'
              ? ''
              : `  ${pct(cell.ratioToRaw)} of raw (pairs ${(cell.pairRatios ?? []).map(pct).join(' ')}; pooled ${pct(cell.pooledRatioToRaw)})`) +
            (cell.errors ? `  errors ${cell.errors}: ${cell.firstError ?? ''}` : ''),
        );
      const rawSamples: Sample[] = [];
      const record = (
        path: PathName,
        mode: BatchMode,
        limit: number,
        samples: readonly Sample[],
        paired?: PairedRatio,
        stack?: Stack,
      ): Cell => {
        const result = toResult(samples);
        const rawResult = toResult(rawSamples);
        return {
          ...result,
          config: run.name,
          path,
          mode,
          concurrency,
          limit,
          replicas: stack?.replicas ?? 1,
          ...(stack?.isolation ? { isolation: stack.isolation } : {}),
          ratioToRaw: paired ? paired.ratio : 1,
          pairRatios: paired ? paired.pairs : [],
          pairedMedianRatio: paired ? paired.median : 1,
          sliceThroughputs: samples.map((sample) => throughputOf([sample]) ?? 0),
          pooledRatioToRaw: paired ? (rawResult.throughput > 0 ? result.throughput / rawResult.throughput : null) : 1,
          addedP50Ms: paired ? result.p50Ms - rawResult.p50Ms : 0,
        };
      };

      // The cells of this caller count, each measured in `rounds` slices interleaved with the
      // others (on a shared machine the load drifts and single windows are noisy, and interleaving
      // spreads both over every cell), with a short raw slice before and after every cell slice:
      // each cell's ratio pools its slices over the raw slices on both sides of each of them
      // (paired-ratio.ts), so it divides measurements moments apart.
      const clients = Math.min(concurrency, options.clients);
      const selected = (path: PendingCell['path'], mode: BatchMode): boolean =>
        options.only === null || options.only.includes(path) || options.only.includes(`${path}/${mode}`);
      const pending: PendingCell[] = [];
      if (options.aa.includes(concurrency) && run.name === 'main')
        pending.push({ path: 'raw-aa', mode: 'off', limit: concurrency, samples: [] });
      for (const path of ['engine', 'http-plain', 'http'] as const) {
        // The plain client's cells are the issue-17 targets' (unbatched, adaptive); the static ones judge the policy, on the engine path.
        for (const mode of path === 'http-plain' ? PLAIN_MODES : modes) {
          const stack = stackOf(mode);
          if (!stack || !selected(path, mode)) continue;
          pending.push({ path, mode, limit: limitFor(mode, concurrency, options.batchLimit), stack, samples: [] });
        }
        if (!selected(path, 'off')) continue;
        if (replicated && concurrency > 1 && path !== 'http-plain') {
          pending.push({ path, mode: 'off', limit: concurrency, stack: replicated, samples: [] });
        }
        if (threaded) pending.push({ path, mode: 'off', limit: concurrency, stack: threaded, samples: [] });
      }
      const rounds = options.rounds;
      const timeline: Slice[] = [];
      const measureRaw = async (warmupMs: number): Promise<void> => {
        const sample = await measure(raw.call, { concurrency, warmupMs, durationMs: options.rawSliceMs });
        rawSamples.push(sample);
        timeline.push({ kind: 'raw', sample });
      };
      await measureRaw(options.warmupMs);
      for (let round = 0; round < rounds; round++) {
        for (const [index, cell] of pending.entries()) {
          // The first slice warms up fully; later ones only refill the pipeline after the other cells.
          const load = {
            concurrency,
            warmupMs: round === 0 ? options.warmupMs : Math.min(options.warmupMs, 250),
            durationMs: options.durationMs / rounds,
          };
          const name = apiName(cell.mode, concurrency);
          const sample =
            cell.path === 'raw-aa'
              ? await measure(raw.call, load)
              : cell.path === 'engine'
                ? await measure(cell.stack.engine.call(name), load)
                : await cell.stack.http.sample(name, clients, load, cell.path === 'http-plain' ? 'plain' : 'gradio');
          cell.samples.push(sample);
          timeline.push({ kind: 'cell', cell: index, sample });
          await measureRaw(options.rawWarmupMs);
        }
      }
      const paired = pairTimeline(timeline);
      const rawCell = record('raw', 'off', concurrency, rawSamples);
      progress('raw', 'off', rawCell);
      cells.push(rawCell);
      for (const [index, cell] of pending.entries()) {
        const result = record(cell.path, cell.mode, cell.limit, cell.samples, paired.get(index) ?? combinePairs([], null), cell.stack);
        progress(cell.path, cell.mode, result, cell.stack);
        cells.push(result);
      }
    }
    return cells;
  } finally {
    for (const dispose of disposers.reverse()) {
      await dispose().catch((error: unknown) => log(`dispose failed: ${error instanceof Error ? error.message : String(error)}`));
    }
    await files.remove();
  }
}
