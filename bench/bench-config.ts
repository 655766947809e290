import { join } from 'node:path';
import { measure, runLoad, toResult, type LoadResult, type Sample } from './load.js';
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

interface Stack {
  readonly engine: EnginePath;
  readonly http: HttpPath;
  readonly modes: readonly BatchMode[];
  readonly replicas: number;
}

const apiName = (mode: BatchMode, concurrency: number): string => `${mode}_${concurrency}`;

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

    const openStack = async (policy: PolicyName, modes: readonly BatchMode[], replicas = 1): Promise<Stack> => {
      const events: CellEvent[] = run.concurrencies.flatMap((concurrency) =>
        modes.map((mode) => ({
          apiName: apiName(mode, concurrency),
          mode,
          concurrency,
          limit: limitFor(mode, concurrency, options.batchLimit),
        })),
      );
      const name = replicas > 1 ? `${policy}-x${replicas}` : policy;
      const file = await writeProject(files.dir, `${name}.json`, {
        width,
        events,
        replicas,
        ...(staticSupported ? { batching: { policy, windowMs: options.windowMs } } : {}),
      });
      const engine = await openEngine(file, width, rows);
      disposers.push(() => engine.dispose());
      const http = await openHttp(engine.engine, join(files.dir, name), width, options.clients);
      disposers.push(() => http.dispose());
      return { engine, http, modes, replicas };
    };
    const stacks = [await openStack('adaptive', ['off', 'adaptive'])];
    if (staticSupported) stacks.push(await openStack('static', ['static16', 'static32']));
    const stackOf = (mode: BatchMode): Stack | undefined => stacks.find((stack) => stack.modes.includes(mode));
    // Unbatched with one replica per core: what separate processes buy over one in-process session.
    const replicated = run.name === 'main' && options.replicas > 1 ? await openStack('adaptive', ['off'], options.replicas) : undefined;
    const modes: BatchMode[] = ['off', 'static16', 'static32', 'adaptive'];

    for (const concurrency of run.concurrencies) {
      const load = { concurrency, warmupMs: options.warmupMs, durationMs: options.durationMs };
      const progress = (path: PathName, mode: BatchMode, result: LoadResult, replicas = 1): void =>
        log(
          `[${run.name}] ×${String(concurrency).padEnd(3)} ${path.padEnd(6)} ${(replicas > 1 ? `${mode} ${replicas}r` : mode).padEnd(8)} ${result.throughput.toFixed(0).padStart(6)} req/s  ` +
            `p50 ${result.p50Ms.toFixed(2)} ms  p99 ${result.p99Ms.toFixed(2)} ms${result.errors ? `  errors ${result.errors}: ${result.firstError ?? ''}` : ''}`,
        );
      const record = (path: PathName, mode: BatchMode, limit: number, result: LoadResult, rawCell?: Cell, replicas = 1): Cell => {
        const cell: Cell = {
          ...result,
          config: run.name,
          path,
          mode,
          concurrency,
          limit,
          replicas,
          ratioToRaw: rawCell ? (rawCell.throughput > 0 ? result.throughput / rawCell.throughput : null) : 1,
          addedP50Ms: rawCell ? result.p50Ms - rawCell.p50Ms : 0,
        };
        return cell;
      };
      // The raw reference is measured in two halves, before and after the engine and HTTP cells,
      // and pooled: on a shared machine the load drifts, and a ratio against one side would carry it.
      const half = { ...load, durationMs: options.durationMs / 2 };
      const rawSamples: Sample[] = [await measure(raw.call, half)];
      const pending: { path: PathName; mode: BatchMode; limit: number; result: LoadResult; replicas: number }[] = [];
      for (const path of ['engine', 'http'] as const) {
        for (const mode of modes) {
          const stack = stackOf(mode);
          if (!stack) continue;
          const name = apiName(mode, concurrency);
          const limit = limitFor(mode, concurrency, options.batchLimit);
          const result =
            path === 'engine'
              ? await runLoad(stack.engine.call(name), load)
              : await stack.http.run(name, Math.min(concurrency, options.clients), load);
          progress(path, mode, result);
          pending.push({ path, mode, limit, result, replicas: 1 });
        }
        if (replicated && concurrency > 1) {
          const name = apiName('off', concurrency);
          const result =
            path === 'engine'
              ? await runLoad(replicated.engine.call(name), load)
              : await replicated.http.run(name, Math.min(concurrency, options.clients), load);
          progress(path, 'off', result, replicated.replicas);
          pending.push({ path, mode: 'off', limit: concurrency, result, replicas: replicated.replicas });
        }
      }
      rawSamples.push(await measure(raw.call, half));
      const rawCell = record('raw', 'off', concurrency, toResult(rawSamples));
      progress('raw', 'off', rawCell);
      cells.push(rawCell, ...pending.map((p) => record(p.path, p.mode, p.limit, p.result, rawCell, p.replicas)));
    }
    return cells;
  } finally {
    for (const dispose of disposers.reverse()) {
      await dispose().catch((error: unknown) => log(`dispose failed: ${error instanceof Error ? error.message : String(error)}`));
    }
    await files.remove();
  }
}
