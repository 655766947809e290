import { z } from 'zod';
import { identifier } from './schema-components.js';

/**
 * Functions of project.json: what an event runs. A function is a model call, a JS function from a
 * module in the project folder, or a composition (parallel fan-out, sequential chain) of others.
 */

export const modelFunction = z.strictObject({
  kind: z.literal('model'),
  model: identifier.describe('A key of `models`.'),
  params: z
    .record(z.string(), z.unknown())
    .default({})
    .describe('Task parameters passed to the model call, e.g. { "max_new_tokens": 40 }.'),
  description: z.string().optional(),
});

const timeoutSeconds = z
  .number()
  .positive()
  .max(86_400)
  .describe(
    'Longest run of one call, from when it reaches the worker (waits in ctx.models and ctx.call count). Past it the call ' +
      'is stopped (as a cancel; a function that ignores ctx.signal has its worker restarted) and fails with LIMIT_EXCEEDED.',
  );
const memoryMb = z
  .number()
  .int()
  .min(128)
  .max(1_048_576)
  .describe(
    "Most memory the function's worker process may use (its JavaScript heap, and resident memory where the OS can say). " +
      'Past it the worker is stopped and restarted, and its calls fail with LIMIT_EXCEEDED. Functions of one module share a ' +
      'worker: it gets the largest memoryMb its functions set, or the project default when none sets one.',
  );

/** Limits of one JS function; unset keys come from the project's `limits`. */
export const functionLimits = z.strictObject({ timeoutSeconds: timeoutSeconds.optional(), memoryMb: memoryMb.optional() });

/** The project's default limits for JS functions (each function may override them). */
export const defaultLimits = z.strictObject({ timeoutSeconds: timeoutSeconds.default(300), memoryMb: memoryMb.default(1024) });
export type FunctionLimits = z.infer<typeof defaultLimits>;

export const jsFunction = z.strictObject({
  kind: z.literal('js'),
  module: z
    .string()
    .regex(/^\.{1,2}\//, 'a relative path starting with ./ such as "./greet.js"')
    .describe('A JS module (.js/.mjs) relative to the project.json folder.'),
  export: z.string().min(1).default('default'),
  limits: functionLimits.optional().describe("This function's time and memory limits; unset keys come from the project's `limits`."),
  description: z.string().optional(),
});

export const parallelFunction = z.strictObject({
  kind: z.literal('parallel'),
  functions: z.array(identifier).min(2).describe('Functions run on the same inputs at once.'),
  combine: z
    .enum(['outputs', 'object'])
    .default('outputs')
    .describe('"outputs": one output per function, in order; "object": one output {name: result}.'),
  description: z.string().optional(),
});

export const chainFunction = z.strictObject({
  kind: z.literal('chain'),
  functions: z.array(identifier).min(2).describe('Each output feeds the next function.'),
  description: z.string().optional(),
});

export const functionDefinition = z.discriminatedUnion('kind', [modelFunction, jsFunction, parallelFunction, chainFunction]);
export type FunctionDefinition = z.infer<typeof functionDefinition>;
