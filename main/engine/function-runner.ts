import { resolve } from 'node:path';
import { AppError } from '../../preload/shared/errors.js';
import type { Project } from '../../preload/shared/project/schema.js';
import type { FunctionDefinition } from '../../preload/shared/project/schema-functions.js';
import type { InferOptions, LogLevel, ProgressUpdate } from '../runtimes/runtime.js';
import type { RuntimePool } from '../runtimes/runtime-pool.js';
import { toModelCall } from './model-input.js';
import type { EventData } from './event-data.js';
import { naturalValue } from './natural-value.js';

type JsFunctionDefinition = Extract<FunctionDefinition, { kind: 'js' }>;

/**
 * Runs a project function by name: a model call, a JS export, or a composition of others.
 *
 * Values: a function takes an array of inputs and returns one value. A model function returns
 * the natural value of its output (see natural-value.ts). A parallel function returns an array,
 * one value per member ("outputs") or an object keyed by member name ("object"). In a chain, the
 * next member receives the previous result as its only input, except after a parallel with
 * "outputs", whose values are spread as separate inputs.
 */

export interface FunctionCall {
  readonly signal: AbortSignal;
  readonly onProgress?: (update: ProgressUpdate) => void;
  readonly onLog?: (message: string, level: LogLevel) => void;
  /** Intermediate result of the function being run (same shape as its final result). */
  readonly onPartial?: (value: unknown) => void;
  /** The trigger's event data: every JS function of the run (chain and parallel members too) gets it as `ctx.event`. */
  readonly event?: EventData;
  /** The run's folder for output files: every JS function of the run gets it as `ctx.outputDir`. */
  readonly outputDir?: string;
  /** Some worker of the run had to start or load first (see InferOptions.onColdStart). */
  readonly onColdStart?: () => void;
}

export class FunctionRunner {
  /** Each JS module's absolute path, resolved on its first call: path.resolve on every call cost a copy of the path and a cwd lookup. */
  private readonly modulePaths = new Map<string, string>();

  constructor(
    private readonly project: Project,
    private readonly projectDir: string,
    private readonly pool: RuntimePool,
  ) {}

  definition(name: string): FunctionDefinition {
    const fn = this.project.functions[name];
    if (!fn) {
      const known = Object.keys(this.project.functions).join(', ') || 'none';
      throw new AppError('FUNCTION_NOT_FOUND', `No function "${name}" in this project (functions: ${known}).`);
    }
    return fn;
  }

  /**
   * Whether running `name` now would load a model first (some model it uses has no loaded
   * replica). JS modules start quickly and are not counted: this is what "the first run starts the
   * model" means to a visitor.
   */
  startsModel(name: string): boolean {
    const fn = this.definition(name);
    switch (fn.kind) {
      case 'model':
        return !this.pool.model(fn.model).serving;
      case 'js':
        return false;
      case 'parallel':
      case 'chain':
        return fn.functions.some((member) => this.startsModel(member));
    }
  }

  async run(name: string, inputs: readonly unknown[], call: FunctionCall): Promise<unknown> {
    const fn = this.definition(name);
    switch (fn.kind) {
      case 'model':
        return this.runModel(fn.model, fn.params, inputs, call);
      case 'js':
        return this.pool.callJs(this.modulePath(fn.module), fn.export, inputs, this.limited(name, fn, call), {
          ...(call.event ? { event: call.event } : {}),
          ...(call.outputDir !== undefined ? { outputDir: call.outputDir } : {}),
        });
      case 'parallel':
        return this.runParallel(fn.functions, fn.combine, inputs, call);
      case 'chain':
        return this.runChain(fn.functions, inputs, call);
    }
  }

  /**
   * Runs one function on several callers' inputs at once (a batch), resolving to one result per
   * caller. JS functions get Gradio's batch convention: each input as a list (one entry per
   * caller), returning one list per output. ONNX models run the batch as one session call. Other
   * functions run the items one by one, which keeps batching correct for any function.
   */
  async runBatch(name: string, items: readonly (readonly unknown[])[], outputs: number, call: FunctionCall): Promise<unknown[]> {
    const fn = this.definition(name);
    const single: FunctionCall = {
      signal: call.signal,
      ...(call.outputDir !== undefined ? { outputDir: call.outputDir } : {}),
      ...(call.onColdStart ? { onColdStart: call.onColdStart } : {}),
    };
    if (fn.kind === 'js') {
      const width = items[0]?.length ?? 0;
      const columns = Array.from({ length: width }, (_, k) => items.map((item) => item[k]));
      const context = call.outputDir !== undefined ? { outputDir: call.outputDir } : {};
      const result = await this.pool.callJs(this.modulePath(fn.module), fn.export, columns, this.limited(name, fn, single), context);
      return splitBatchResult(result, items.length, outputs, name);
    }
    const definition = fn.kind === 'model' ? this.project.models[fn.model] : undefined;
    if (fn.kind === 'model' && definition?.runtime === 'onnx') {
      const inputs = items.map((item) => toModelCall(definition, item));
      const raw = await this.pool.model(fn.model).infer({ batch: inputs }, { ...single, params: fn.params });
      if (!Array.isArray(raw) || raw.length !== items.length) {
        throw new AppError(
          'FUNCTION_FAILED',
          `Model "${fn.model}" returned ${Array.isArray(raw) ? raw.length : 'no'} results for a batch of ${items.length}.`,
        );
      }
      return raw.map((value, i) => naturalValue(definition, inputs[i], value));
    }
    return Promise.all(items.map((item) => this.run(name, item, single)));
  }

  /** A JS module's absolute path, from the project's folder (resolved once per module). */
  private modulePath(module: string): string {
    let found = this.modulePaths.get(module);
    if (found === undefined) this.modulePaths.set(module, (found = resolve(this.projectDir, module)));
    return found;
  }

  /** A JS function's call with its time limit (its own, else the project's) and its name for limit errors. */
  private limited(name: string, fn: JsFunctionDefinition, call: FunctionCall): InferOptions {
    const timeoutSeconds = fn.limits?.timeoutSeconds ?? this.project.limits.timeoutSeconds;
    return { ...call, fn: { name, timeoutMs: timeoutSeconds * 1000 } };
  }

  private async runModel(
    modelName: string,
    params: Readonly<Record<string, unknown>>,
    inputs: readonly unknown[],
    call: FunctionCall,
  ): Promise<unknown> {
    const definition = this.project.models[modelName];
    if (!definition) throw new AppError('MODEL_NOT_FOUND', `No model "${modelName}" in this project.`);
    const input = toModelCall(definition, inputs);
    const { onPartial } = call;
    const raw = await this.pool.model(modelName).infer(input, {
      signal: call.signal,
      params,
      ...(call.onProgress ? { onProgress: call.onProgress } : {}),
      ...(call.onLog ? { onLog: call.onLog } : {}),
      ...(onPartial ? { onPartial: (partial: unknown) => onPartial(partial) } : {}),
      ...(call.onColdStart ? { onColdStart: call.onColdStart } : {}),
    });
    return naturalValue(definition, input, raw);
  }

  /** Members run at once on the same inputs; the first failure aborts the others. */
  private async runParallel(
    names: readonly string[],
    combine: 'outputs' | 'object',
    inputs: readonly unknown[],
    call: FunctionCall,
  ): Promise<unknown> {
    const controller = new AbortController();
    const onAbort = (): void => controller.abort();
    call.signal.addEventListener('abort', onAbort, { once: true });
    const latest: unknown[] = names.map(() => null);
    const shape = (values: readonly unknown[]): unknown =>
      combine === 'outputs' ? [...values] : Object.fromEntries(names.map((name, i) => [name, values[i]]));
    try {
      const results = await Promise.all(
        names.map((name, i) =>
          this.run(name, inputs, {
            ...call,
            signal: controller.signal,
            onPartial: (value) => {
              latest[i] = value;
              call.onPartial?.(shape(latest));
            },
          }).then((value) => {
            latest[i] = value;
            return value;
          }),
        ),
      ).catch((error: unknown) => {
        controller.abort();
        throw error;
      });
      return shape(results);
    } finally {
      call.signal.removeEventListener('abort', onAbort);
    }
  }

  private async runChain(names: readonly string[], inputs: readonly unknown[], call: FunctionCall): Promise<unknown> {
    let current: readonly unknown[] = inputs;
    let result: unknown = undefined;
    for (const [i, name] of names.entries()) {
      const last = i === names.length - 1;
      // Only the last member's partials are the chain's partials; earlier ones are intermediate.
      result = await this.run(name, current, last ? call : { ...call, onPartial: undefined });
      const fn = this.definition(name);
      current = fn.kind === 'parallel' && fn.combine === 'outputs' && Array.isArray(result) ? result : [result];
    }
    return result;
  }
}

/**
 * A batched JS function returns one list per output (Gradio's convention); this turns that into
 * one result per caller, shaped like an unbatched result (the value, or an array for several outputs).
 */
export function splitBatchResult(result: unknown, size: number, outputs: number, name: string): unknown[] {
  const lists = outputs === 1 && Array.isArray(result) && !Array.isArray(result[0]) ? [result] : result;
  const ok =
    Array.isArray(lists) && lists.length === Math.max(outputs, 1) && lists.every((list) => Array.isArray(list) && list.length === size);
  if (!ok) {
    throw new AppError(
      'FUNCTION_FAILED',
      `Batched function "${name}" must return ${Math.max(outputs, 1)} list(s) (one per output) of ${size} values (one per caller), e.g. [[...${size} values]].`,
    );
  }
  const columns = lists as unknown[][];
  return Array.from({ length: size }, (_, i) => (outputs <= 1 ? columns[0]?.[i] : columns.map((list) => list[i])));
}
