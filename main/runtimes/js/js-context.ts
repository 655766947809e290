import { mkdirSync } from 'node:fs';
import type { LogLevel, ProgressUpdate } from '../runtime.js';
import type { CallBridge } from '../runtime-context.js';
import type { EventData } from '../../engine/event-data.js';

/**
 * The second argument of a user JS function: `fn(inputs, ctx)`. Everything a function may need
 * from the app goes through here, so user modules never import app internals.
 */
export interface JsFunctionContext {
  /** Aborted when the caller cancels; long loops should check it (or pass it on). */
  readonly signal: AbortSignal;
  /** `progress(0.5, 'halfway')`, `progress([3, 10])`, or `progress({ index: 3, length: 10, unit: 'steps' })`. */
  progress(value: number | readonly [number, number] | ProgressInit, desc?: string): void;
  log(message: string, level?: LogLevel): void;
  /** One async function per project model: `await ctx.models.sentiment('I love it')`. */
  readonly models: Readonly<Record<string, (input: unknown, params?: Record<string, unknown>) => Promise<unknown>>>;
  /** Runs another project function by name with its inputs; resolves to its result. */
  call(functionName: string, inputs: readonly unknown[]): Promise<unknown>;
  /**
   * What the trigger selected (Gradio's SelectData: `index`, `value`, `selected`, and `rowValue` /
   * `colValue` for a dataframe cell), or null when the run was not started by a `select`.
   */
  readonly event: EventData | null;
  /**
   * This run's own folder for output files: write a file here and return its path (or
   * `{ kind: 'file', path, origName, mimeType }`) from a file output, and the server serves it.
   * It is removed once the run's results are sent. Files anywhere else are not served, except
   * project files listed in project.json `allowedPaths`.
   */
  readonly outputDir: string;
}

export interface ProgressInit {
  readonly progress?: number | null;
  readonly index?: number | null;
  readonly length?: number | null;
  readonly unit?: string | null;
  readonly desc?: string | null;
}

export interface JsContextOptions {
  readonly signal: AbortSignal;
  readonly models: readonly string[];
  readonly bridge: CallBridge;
  readonly event?: EventData | null;
  readonly outputDir: string;
  readonly onProgress?: (update: ProgressUpdate) => void;
  readonly onLog?: (message: string, level: LogLevel) => void;
}

const LEVELS: readonly LogLevel[] = ['info', 'warning', 'success', 'error'];
const isLogLevel = (value: unknown): value is LogLevel => (LEVELS as readonly unknown[]).includes(value);

export function toProgressUpdate(value: unknown, desc?: unknown): ProgressUpdate {
  const description = typeof desc === 'string' ? desc : null;
  if (typeof value === 'number') return { progress: clamp(value), desc: description };
  if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'number') {
    const [index, length] = value as [number, number];
    return { progress: length > 0 ? clamp(index / length) : null, index, length, desc: description };
  }
  if (typeof value === 'object' && value !== null) {
    const init = value as ProgressInit;
    const index = typeof init.index === 'number' ? init.index : null;
    const length = typeof init.length === 'number' ? init.length : null;
    const fraction = typeof init.progress === 'number' ? clamp(init.progress) : index !== null && length ? clamp(index / length) : null;
    return {
      progress: fraction,
      index,
      length,
      unit: typeof init.unit === 'string' ? init.unit : null,
      desc: typeof init.desc === 'string' ? init.desc : description,
    };
  }
  return { progress: null, desc: description };
}

function clamp(value: number): number | null {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : null;
}

export function createJsContext(options: JsContextOptions): JsFunctionContext {
  const { signal, bridge } = options;
  const models: Record<string, (input: unknown, params?: Record<string, unknown>) => Promise<unknown>> = {};
  for (const name of options.models) {
    models[name] = (input, params) => bridge.call({ kind: 'model', name }, input, params ?? {}, signal);
  }
  let made = false;
  return {
    signal,
    progress: (value, desc) => options.onProgress?.(toProgressUpdate(value, desc)),
    // User modules are untyped JS: accept anything and coerce, whatever the interface says.
    log: (message: unknown, level: unknown = 'info') => options.onLog?.(String(message), isLogLevel(level) ? level : 'info'),
    models: Object.freeze(models),
    call: (functionName, inputs) =>
      bridge.call({ kind: 'function', name: functionName }, [...inputs], { outputDir: options.outputDir }, signal),
    event: options.event ?? null,
    // Made on first read: most runs write no file, and a folder per request would be a mkdir and
    // an `rm -r` on every call's path. The server picked the (private, random) path; only removing
    // it is the server's.
    get outputDir(): string {
      if (!made) mkdirSync(options.outputDir, { recursive: true, mode: 0o700 });
      made = true;
      return options.outputDir;
    },
  };
}
