import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The project.json the engine and HTTP paths run: one ONNX model (`cost`), one model function, and
 * a Blocks UI with a `json` input (the row as number[]) and a `json` output. Every bench cell of
 * one engine is its own event (own api name, own concurrency group, own limit and batch settings),
 * so one engine and one worker process serve all the cells of a batching policy: no cell pays for
 * a worker start, and a cell's adaptive policy starts from nothing (policies are per event).
 */

export type BatchMode = 'off' | 'static16' | 'static32' | 'adaptive';
export type PolicyName = 'adaptive' | 'static';

export interface CellEvent {
  readonly apiName: string;
  readonly mode: BatchMode;
  readonly concurrency: number;
  /** The event's concurrencyLimit (see limitFor). */
  readonly limit: number;
}

export interface ProjectOptions {
  readonly width: number;
  readonly events: readonly CellEvent[];
  /** `queue.batching` of the project; omitted when the engine does not support choosing one. */
  readonly batching?: { readonly policy: PolicyName; readonly windowMs: number };
  /** Worker processes of the model (default 1); their threads are the engine's default split. */
  readonly replicas?: number;
  /** `thread`: the model runs in a worker thread of the engine's process (docs/engine.md), not a child process. */
  readonly isolation?: 'thread';
  /** The model's intra-op threads (default: the engine's split). */
  readonly threads?: number;
}

/** Largest batch the adaptive policy may form (it picks the size itself, up to this). */
export const ADAPTIVE_MAX_BATCH = 32;

export function maxBatchOf(mode: BatchMode): number {
  switch (mode) {
    case 'off':
      return 1;
    case 'static16':
      return 16;
    case 'static32':
      return 32;
    case 'adaptive':
      return ADAPTIVE_MAX_BATCH;
  }
}

/**
 * The concurrency limit of a cell. Unbatched: one slot per caller, the same number of session.run
 * calls in flight as the raw loop has (the worker runs its jobs concurrently on one session, as
 * the raw loop does). Batched: `batchLimit` batches in flight (default 1, one worker replica = one
 * session): waiting callers pile up behind the running batch and form the next one.
 */
export function limitFor(mode: BatchMode, concurrency: number, batchLimit: number): number {
  return mode === 'off' ? concurrency : Math.min(batchLimit, concurrency);
}

export function projectJson(options: ProjectOptions): Record<string, unknown> {
  const { width } = options;
  return {
    version: 1,
    name: 'scheduler-bench',
    models: {
      cost: {
        runtime: 'onnx',
        source: { path: './cost.onnx' },
        // CPU on purpose: the raw loop runs on the CPU, and a WebGPU adapter would change what is compared.
        device: 'cpu',
        load: 'eager',
        ...(options.replicas !== undefined && options.replicas > 1 ? { replicas: options.replicas } : {}),
        ...(options.isolation ? { isolation: options.isolation } : {}),
        ...(options.threads !== undefined ? { threads: options.threads } : {}),
        inputs: [{ name: 'x', dtype: 'float32', shape: ['batch', width] }],
        outputs: [{ name: 'y', dtype: 'float32', shape: ['batch', width] }],
      },
    },
    functions: { infer: { kind: 'model', model: 'cost' } },
    ui: {
      type: 'blocks',
      title: 'scheduler bench',
      children: [
        { type: 'json', id: 'row', label: 'Row' },
        { type: 'json', id: 'out', label: 'Output' },
      ],
      events: options.events.map((event) => ({
        trigger: 'row.change',
        fn: 'infer',
        inputs: ['row'],
        outputs: ['out'],
        apiName: event.apiName,
        concurrencyId: event.apiName,
        concurrencyLimit: event.limit,
        batch: event.mode !== 'off',
        maxBatchSize: maxBatchOf(event.mode),
      })),
    },
    queue: {
      defaultConcurrencyLimit: 1,
      maxSize: null,
      apiOpen: true,
      ...(options.batching ? { batching: options.batching } : {}),
    },
  };
}

/** Writes project.json next to cost.onnx; returns its path. */
export async function writeProject(dir: string, fileName: string, options: ProjectOptions): Promise<string> {
  const file = join(dir, fileName);
  await writeFile(file, `${JSON.stringify(projectJson(options), null, 2)}\n`);
  return file;
}
