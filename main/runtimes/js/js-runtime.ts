import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { z } from 'zod';
import { throwIfAborted } from '../../common/abort.js';
import { eventData } from '../../engine/event-data.js';
import { AppError, CancelledError, toAppError } from '../../../preload/shared/errors.js';
import type { InferOptions, LoadedModelInfo, LoadOptions, Runtime, RuntimeCapabilities } from '../runtime.js';
import type { RuntimeContext } from '../runtime-context.js';
import type { JsModuleSpec } from '../worker-protocol.js';
import { createJsContext } from './js-context.js';

/**
 * Runs the exports of one user JS module: `export default async function (inputs, ctx) {...}`.
 * A function may return a value, a promise, or an (async) iterator/generator: each yielded value is
 * a partial result (streamed to the client) and the last one is the result.
 */

/**
 * The input of one call: which export, with which inputs (one per event input), the trigger's
 * event data, and the run's folder for output files.
 */
export const jsInvocation = z.object({
  export: z.string().min(1).default('default'),
  inputs: z.array(z.unknown()),
  event: eventData.optional(),
  outputDir: z.string().min(1).optional(),
});
export type JsInvocation = z.input<typeof jsInvocation>;
type ParsedInvocation = z.output<typeof jsInvocation>;

/**
 * The common call (no event data) checked by hand, with `jsInvocation`'s rules and without zod's
 * copy of the message (issue 17); anything else, event data included, goes through the schema.
 */
export function parseInvocation(input: unknown): ParsedInvocation | undefined {
  if (typeof input === 'object' && input !== null) {
    const call = input as Partial<Record<keyof ParsedInvocation, unknown>>;
    const name = call.export ?? 'default';
    const { inputs, outputDir } = call;
    const plain =
      typeof name === 'string' &&
      name !== '' &&
      Array.isArray(inputs) &&
      call.event === undefined &&
      (outputDir === undefined || (typeof outputDir === 'string' && outputDir !== ''));
    if (plain) return { export: name, inputs: inputs as unknown[], ...(outputDir !== undefined ? { outputDir } : {}) };
  }
  const parsed = jsInvocation.safeParse(input);
  return parsed.success ? parsed.data : undefined;
}

type UserFunction = (inputs: unknown[], ctx: unknown) => unknown;

export class JsRuntime implements Runtime {
  private module: Record<string, unknown> | undefined;

  constructor(
    private readonly spec: JsModuleSpec,
    private readonly context: RuntimeContext,
  ) {}

  async load(options: LoadOptions): Promise<LoadedModelInfo> {
    throwIfAborted(options.signal);
    const started = performance.now();
    // A query string makes Node evaluate the file afresh: an unload + load picks up edits to the
    // module (ESM has no cache eviction; each worker process only ever holds one version).
    const url = `${pathToFileURL(this.spec.modulePath).href}?v=${Date.now()}`;
    try {
      this.module = (await import(url)) as Record<string, unknown>;
    } catch (error) {
      const reason = toAppError(error).message;
      throw new AppError('FUNCTION_FAILED', `Could not load JS module "${this.spec.name}": ${reason}`, { cause: error });
    }
    return { device: 'cpu', loadMs: performance.now() - started };
  }

  async infer(input: unknown, options: InferOptions): Promise<unknown> {
    const invocation = parseInvocation(input);
    if (!invocation) {
      throw new AppError('INVALID_INPUT', 'A JS function call needs { export: string, inputs: unknown[] }.');
    }
    const fn = this.resolve(invocation.export);
    const ctx = createJsContext({
      signal: options.signal,
      models: this.spec.models,
      bridge: this.context.bridge,
      event: invocation.event ?? null,
      outputDir: invocation.outputDir ?? tmpdir(),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.onLog ? { onLog: options.onLog } : {}),
    });
    try {
      const returned: unknown = await fn(invocation.inputs, ctx);
      const result = isIterator(returned) ? await drain(returned, options) : returned;
      throwIfAborted(options.signal);
      return result;
    } catch (error) {
      if (options.signal.aborted) throw new CancelledError();
      throw toAppError(error, 'FUNCTION_FAILED');
    }
  }

  unload(): Promise<void> {
    this.module = undefined;
    return Promise.resolve();
  }

  capabilities(): RuntimeCapabilities {
    return { streaming: true, batching: false, devices: ['cpu'] };
  }

  private resolve(name: string): UserFunction {
    if (!this.module) throw new AppError('INTERNAL', `JS module "${this.spec.name}" is not loaded.`);
    const candidate = this.module[name];
    if (typeof candidate !== 'function') {
      const available = Object.keys(this.module).filter((key) => typeof this.module?.[key] === 'function');
      throw new AppError(
        'FUNCTION_NOT_FOUND',
        `JS module "${this.spec.name}" has no exported function "${name}"` +
          (available.length > 0 ? ` (it exports: ${available.join(', ')}).` : '.'),
      );
    }
    return candidate as UserFunction;
  }
}

type AnyIterator = Iterator<unknown, unknown> | AsyncIterator<unknown, unknown>;

/** Generators and iterators, but not arrays or strings (which are values, not streams). */
function isIterator(value: unknown): value is AnyIterator {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { next?: unknown };
  return typeof candidate.next === 'function' && (Symbol.asyncIterator in value || Symbol.iterator in value);
}

/**
 * Pulls the iterator to the end. Between steps it yields to the event loop (a sync generator would
 * otherwise starve the IPC channel, so a cancel message could never arrive) and checks the signal;
 * on cancellation it closes the generator so its `finally` blocks run.
 */
async function drain(iterator: AnyIterator, options: InferOptions): Promise<unknown> {
  let last: unknown = undefined;
  let finished = false;
  try {
    for (;;) {
      await yieldToEventLoop();
      throwIfAborted(options.signal);
      const step = await iterator.next();
      if (step.done) {
        finished = true;
        // `return value` wins over the last yield, as with Gradio's generators ending in a return.
        return step.value !== undefined ? step.value : last;
      }
      last = step.value;
      options.onPartial?.(last);
    }
  } finally {
    if (!finished) await iterator.return?.(undefined);
  }
}
