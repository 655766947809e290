import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { ERROR_CODES } from '../../preload/shared/errors.js';
import { model } from '../../preload/shared/project/schema-models.js';

/**
 * The wire protocol between WorkerHost (parent) and worker-main (child), over Node's IPC channel
 * with `serialization: 'advanced'` (structured clone, so Buffers and typed arrays pass as they are).
 *
 * Both sides validate what they receive with these schemas: a message is the one place where a bug
 * or a version skew between parent and child would otherwise surface as a confusing crash later.
 * Payload values (`input`, `value`) are `unknown` on purpose: they are checked by the runtime that
 * interprets them, and walking large tensors here would cost more than it protects.
 *
 * parent → child: load, infer, cancel, unload, shutdown, call-result, call-error
 * child → parent: hello, loaded, load-error, download, progress, partial, log, result, error,
 *                 call, call-cancel, unloaded
 */

export const errorPayload = z.object({ code: z.enum(ERROR_CODES), message: z.string() });

export const modelEnvironment = z.object({
  cacheDir: z.string().min(1),
  offline: z.boolean(),
  hubEndpoint: z.string().min(1),
});

/** ResolvedModel on the wire; `definition` is re-validated with the project schema itself. */
export const resolvedModel = z.object({
  name: z.string().min(1),
  definition: model,
  localPath: z.string().min(1).optional(),
  environment: modelEnvironment,
});

/** What a worker runs: one model, or one JS module of the project (its exports are called by name). */
export const workerSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('model'), model: resolvedModel }),
  z.object({
    kind: z.literal('js'),
    /** A label for logs and errors, e.g. the module's project-relative path. */
    name: z.string().min(1),
    modulePath: z.string().refine(isAbsolute, 'an absolute path'),
    /** Model names the module may call through `ctx.models`. */
    models: z.array(z.string().min(1)),
  }),
]);
export type WorkerSpec = z.infer<typeof workerSpec>;
export type JsModuleSpec = Extract<WorkerSpec, { kind: 'js' }>;

/** What a child may call in the parent: another model, or another project function. */
export const callTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('model'), name: z.string().min(1) }),
  z.object({ kind: z.literal('function'), name: z.string().min(1) }),
]);
export type CallTarget = z.infer<typeof callTarget>;

const progressUpdate = z.object({
  progress: z.number().nullable(),
  index: z.number().nullable().optional(),
  length: z.number().nullable().optional(),
  unit: z.string().nullable().optional(),
  desc: z.string().nullable().optional(),
});

const downloadProgress = z.object({
  file: z.string(),
  loaded: z.number(),
  total: z.number().nullable(),
  done: z.boolean(),
});

const loadedInfo = z.object({
  device: z.string(),
  fallbackReason: z.string().optional(),
  loadMs: z.number(),
  memoryBytes: z.number().optional(),
});

const capabilities = z.object({
  streaming: z.boolean(),
  batching: z.boolean(),
  devices: z.array(z.string()),
});

const id = z.number().int().nonnegative();
const params = z.record(z.string(), z.unknown());
const logLevel = z.enum(['info', 'warning', 'success', 'error']);

export const parentMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('load'), spec: workerSpec }),
  z.object({ type: z.literal('infer'), jobId: id, input: z.unknown(), params }),
  z.object({ type: z.literal('cancel'), jobId: id }),
  z.object({ type: z.literal('unload') }),
  z.object({ type: z.literal('shutdown') }),
  z.object({ type: z.literal('call-result'), callId: id, value: z.unknown() }),
  z.object({ type: z.literal('call-error'), callId: id, error: errorPayload }),
]);
export type ParentMessage = z.infer<typeof parentMessage>;

export const childMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), pid: z.number().int() }),
  z.object({ type: z.literal('loaded'), info: loadedInfo, capabilities }),
  z.object({ type: z.literal('load-error'), error: errorPayload }),
  z.object({ type: z.literal('download'), progress: downloadProgress }),
  z.object({ type: z.literal('progress'), jobId: id, update: progressUpdate }),
  z.object({ type: z.literal('partial'), jobId: id, value: z.unknown() }),
  /** `jobId` null: a worker-level message (e.g. an unhandled rejection in user code). */
  z.object({ type: z.literal('log'), jobId: id.nullable(), message: z.string(), level: logLevel }),
  z.object({ type: z.literal('result'), jobId: id, value: z.unknown() }),
  z.object({ type: z.literal('error'), jobId: id, error: errorPayload }),
  z.object({ type: z.literal('call'), callId: id, target: callTarget, input: z.unknown(), params }),
  z.object({ type: z.literal('call-cancel'), callId: id }),
  z.object({ type: z.literal('unloaded') }),
]);
export type ChildMessage = z.infer<typeof childMessage>;

type InferMessage = Extract<ParentMessage, { type: 'infer' }>;
type ResultMessage = Extract<ChildMessage, { type: 'result' }>;

function isId(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0;
}

function isParams(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The two messages every request sends, checked by hand: the same rules as `parentMessage` and
 * `childMessage` for them, without zod building a copy of each message (issue 17). Anything that
 * does not pass goes through the schemas as before, so what is rejected, and how, is unchanged.
 */
export function asInferMessage(raw: unknown): InferMessage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const message = raw as Partial<Record<keyof InferMessage, unknown>>;
  if (message.type !== 'infer' || !isId(message.jobId) || !isParams(message.params) || !('input' in message)) return undefined;
  return { type: 'infer', jobId: message.jobId, input: message.input, params: message.params };
}

export function asResultMessage(raw: unknown): ResultMessage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const message = raw as Partial<Record<keyof ResultMessage, unknown>>;
  if (message.type !== 'result' || !isId(message.jobId) || !('value' in message)) return undefined;
  return { type: 'result', jobId: message.jobId, value: message.value };
}

/** Shortens a zod error to one line for logs: which field, what was wrong. */
export function describeProtocolError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid message';
  const path = issue.path.length > 0 ? issue.path.join('.') : '(root)';
  return `${path}: ${issue.message}`;
}
