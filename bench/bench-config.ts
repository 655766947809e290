import { join } from 'node:path';
import { measure, toResult, type LoadResult, type Sample } from './load.js';
import { makeRows, writeModel, type ModelSize } from './model.js';
import { openEngine, type EnginePath } from './paths/engine.js';
import { openHttp, type HttpPath } from './paths/http.js';
import { openRaw } from './paths/raw.js';
import { limitFor, writeProject, type BatchMode, type CellEvent, type PolicyName } from './project.js';
import type { BenchOptions } from './options.js';
import type { Cell, ConfigName, PathName } from './report.js';

/**
 * All cells of one model size: the raw session, and per batch policy one engine (one ONNX worker)
 * with an HTTP server and its clients. Cells run grouped by caller count (raw, then engine, then
 * HTTP), so each ratio compares against a raw measurement taken moments before. Everything opened
 * here is disposed here, in reverse order, whatever happens.
 */

export interface ConfigRun {
  readonly name: ConfigName;
  readonly size: ModelSize;
  readonly concurrencies: readonly number[];
}

interface PendingCell {
  readonly path: 'engine' | 'http' | 'http-plain';
  readonly mode: BatchMode;
  readonly limit: number;
  readonly stack: Stack;
  readonly samples: Sample[];
}

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
      const progress = (path: PathName, mode: BatchMode, result: LoadResult, stack?: Stack, ratio: number | null = null): void =>
        log(
          `[${run.name}] ×${String(concurrency).padEnd(3)} ${path.padEnd(10)} ${variant(mode, stack).padEnd(8)} ${result.throughput.toFixed(0).padStart(6)} req/s  ` +
            `p50 ${result.p50Ms.toFixed(2)} ms  p99 ${result.p99Ms.toFixed(2)} ms${ratio === null ? '' : `  ${Math.round(ratio * 100)}% of raw`}` +
            (result.errors ? `  errors ${result.errors}: ${result.firstError ?? ''}` : ''),
        );
      const record = (path: PathName, mode: BatchMode, limit: number, result: LoadResult, rawCell?: Cell, stack?: Stack): Cell => ({
        ...result,
        config: run.name,
        path,
        mode,
        concurrency,
        limit,
        replicas: stack?.replicas ?? 1,
        ...(stack?.isolation ? { isolation: stack.isolation } : {}),
        ratioToRaw: rawCell ? (rawCell.throughput > 0 ? result.throughput / rawCell.throughput : null) : 1,
        addedP50Ms: rawCell ? result.p50Ms - rawCell.p50Ms : 0,
      });

      // The cells of this caller count, each measured in `rounds` slices interleaved with the
      // others, and the raw reference in `rounds + 1` slices around them: on a shared machine the
      // load drifts and single windows are noisy, and interleaving spreads both over every cell.
      const clients = Math.min(concurrency, options.clients);
      const pending: PendingCell[] = [];
      for (const path of ['engine', 'http-plain', 'http'] as const) {
        // The plain client's cells are the issue-17 targets' (unbatched, adaptive); the static ones judge the policy, on the engine path.
        for (const mode of path === 'http-plain' ? PLAIN_MODES : modes) {
          const stack = stackOf(mode);
          if (!stack) continue;
          pending.push({ path, mode, limit: limitFor(mode, concurrency, options.batchLimit), stack, samples: [] });
        }
        if (replicated && concurrency > 1 && path !== 'http-plain') {
          pending.push({ path, mode: 'off', limit: concurrency, stack: replicated, samples: [] });
        }
        if (threaded) pending.push({ path, mode: 'off', limit: concurrency, stack: threaded, samples: [] });
      }
      const rounds = options.rounds;
      const slice = (round: number, durationMs: number) => ({
        concurrency,
        // The first slice warms up fully; later ones only refill the pipeline after the other cells.
        warmupMs: round === 0 ? options.warmupMs : Math.min(options.warmupMs, 250),
        durationMs,
      });
      const rawSamples: Sample[] = [];
      for (let round = 0; round < rounds; round++) {
        rawSamples.push(await measure(raw.call, slice(round, options.durationMs / (rounds + 1))));
        for (const cell of pending) {
          const load = slice(round, options.durationMs / rounds);
          const name = apiName(cell.mode, concurrency);
          cell.samples.push(
            cell.path === 'engine'
              ? await measure(cell.stack.engine.call(name), load)
              : await cell.stack.http.sample(name, clients, load, cell.path === 'http-plain' ? 'plain' : 'gradio'),
          );
        }
      }
      rawSamples.push(await measure(raw.call, slice(rounds, options.durationMs / (rounds + 1))));
      const rawCell = record('raw', 'off', concurrency, toResult(rawSamples));
      progress('raw', 'off', rawCell);
      cells.push(rawCell);
      for (const cell of pending) {
        const result = record(cell.path, cell.mode, cell.limit, toResult(cell.samples), rawCell, cell.stack);
        progress(cell.path, cell.mode, result, cell.stack, result.ratioToRaw);
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
