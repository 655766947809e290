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

export const jsFunction = z.strictObject({
  kind: z.literal('js'),
  module: z
    .string()
    .regex(/^\.{1,2}\//, 'a relative path starting with ./ such as "./greet.js"')
    .describe('A JS module (.js/.mjs) relative to the project.json folder.'),
  export: z.string().min(1).default('default'),
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
