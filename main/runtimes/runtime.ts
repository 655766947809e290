import type { ModelDefinition } from '../../preload/shared/project/schema.js';

/**
 * The runtime interface: one loaded model (or one JS module) behind load / infer / unload.
 * Implementations run inside worker processes (see worker-host.ts); the host speaks the same
 * interface from the parent side, so the engine never knows whether a runtime is local or remote.
 */

/** Fractional progress of one job: 0..1 (or index/length), with an optional description. */
export interface ProgressUpdate {
  readonly progress: number | null;
  readonly index?: number | null;
  readonly length?: number | null;
  readonly unit?: string | null;
  readonly desc?: string | null;
}

/** A file being downloaded while a model loads. */
export interface DownloadProgress {
  readonly file: string;
  readonly loaded: number;
  readonly total: number | null;
  readonly done: boolean;
}

export type LogLevel = 'info' | 'warning' | 'success' | 'error';

export interface InferOptions {
  /**
   * Aborted when the call is cancelled. In a worker it is built on first read (worker-serve.ts), so
   * a runtime that never waits need not read it; the worker drops a cancelled job's result itself.
   */
  readonly signal: AbortSignal;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly onProgress?: (update: ProgressUpdate) => void;
  /** Streaming runtimes call this with each intermediate value. */
  readonly onPartial?: (value: unknown) => void;
  readonly onLog?: (message: string, level: LogLevel) => void;
  /** The project function this call runs (named in limit errors), and its time limit, counted from when the job reaches the worker. */
  readonly fn?: { readonly name: string; readonly timeoutMs?: number };
  /**
   * Called (at most once, before the call runs) when the call had to wait for its worker to start
   * or its model to load: its duration then says little about the next run (see RunStats).
   */
  readonly onColdStart?: () => void;
}

export interface LoadOptions {
  readonly signal: AbortSignal;
  readonly onDownload?: (progress: DownloadProgress) => void;
}

export interface RuntimeCapabilities {
  readonly streaming: boolean;
  /** True if `infer` accepts an array of inputs as one batch. */
  readonly batching: boolean;
  /** Execution providers this runtime can use here, best first (e.g. ["webgpu", "cpu"]). */
  readonly devices: readonly string[];
}

export interface LoadedModelInfo {
  /** The execution provider actually used (e.g. "cpu", "webgpu"). */
  readonly device: string;
  /** Why a GPU request fell back to CPU, if it did. */
  readonly fallbackReason?: string;
  readonly loadMs: number;
  /** Resident memory of the worker process right after the load (what the model costs). */
  readonly memoryBytes?: number;
}

export interface Runtime {
  load(options: LoadOptions): Promise<LoadedModelInfo>;
  infer(input: unknown, options: InferOptions): Promise<unknown>;
  unload(): Promise<void>;
  capabilities(): RuntimeCapabilities;
}

/** Where model files come from and where they are cached; shared by all runtimes. */
export interface ModelEnvironment {
  /** Folder where Hub downloads are cached. */
  readonly cacheDir: string;
  /** When true, nothing is downloaded: only the cache and local paths are used. */
  readonly offline: boolean;
  /** Base URL of the Hub (or a mirror), e.g. "https://huggingface.co". */
  readonly hubEndpoint: string;
}

/** A model definition with its location resolved, ready to hand to a worker (structured-clonable). */
export interface ResolvedModel {
  readonly name: string;
  readonly definition: ModelDefinition;
  /** Absolute path for path/package sources; undefined for hub sources. */
  readonly localPath?: string;
  readonly environment: ModelEnvironment;
}
