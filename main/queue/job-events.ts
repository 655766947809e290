import { z } from 'zod';
import { ERROR_CODES } from '../../preload/shared/errors.js';
import { JsonValueSchema, type JsonValue } from './job-data.js';

/**
 * What happens to a job after it is accepted, as an append-only stream keyed by job id (issue 18,
 * item 1: "events keyed by job id"). The worker that runs the job appends; any front reads, and a
 * front that takes over a client's stream resumes after the last id the client saw (SSE
 * Last-Event-ID), so nothing is lost or repeated when a front dies.
 *
 * Positions and ETAs are not in the stream: they change with every other job's move and are read
 * live (`QueueFront.position`), as Gradio computes them on demand. Everything here is a fact that
 * happened once.
 */

export const ErrorPayloadSchema = z.object({ code: z.enum(ERROR_CODES), message: z.string() });

export const JobEventSchema = z.discriminatedUnion('type', [
  /** Accepted (the first entry, so an empty stream means "unknown job"). */
  z.object({ type: z.literal('queued') }),
  /** A worker claimed it; `etaMs` is the event's mean run time (Gradio's process_starts eta). */
  z.object({ type: z.literal('started'), etaMs: z.number().nullable(), attempt: z.number().int().positive() }),
  z.object({
    type: z.literal('progress'),
    progress: z.number().nullable(),
    index: z.number().nullable().optional(),
    length: z.number().nullable().optional(),
    unit: z.string().nullable().optional(),
    desc: z.string().nullable().optional(),
  }),
  z.object({ type: z.literal('log'), message: z.string(), level: z.enum(['info', 'warning', 'success', 'error']) }),
  /** An intermediate value of a streaming function (one per output), full values, never diffs. */
  z.object({ type: z.literal('partial'), outputs: z.array(JsonValueSchema) }),
  /** Its worker stopped heart-beating; it is back in line (at the head of its lane) for another try. */
  z.object({ type: z.literal('requeued'), attempt: z.number().int().positive(), reason: z.string() }),
  /** Terminal: the function's value (its outputs as the runner returned them, JSON-safe). */
  z.object({ type: z.literal('completed'), output: JsonValueSchema, runMs: z.number() }),
  z.object({ type: z.literal('failed'), error: ErrorPayloadSchema }),
  z.object({ type: z.literal('cancelled') }),
]);
export type JobEvent = z.infer<typeof JobEventSchema>;

/** What a worker may add while it runs a job (the rest are written by the queue's own transitions). */
export type RunEvent = Extract<JobEvent, { type: 'progress' | 'log' | 'partial' }>;

/**
 * The same events with values of another type (see JobSubmissionOf): the embedded queue hands
 * partial and final values over by reference, and a failure keeps its AppError (an ErrorPayload
 * by shape) so the caller gets the very error the function threw.
 */
export type JobEventOf<V> = [V] extends [JsonValue]
  ? JobEvent
  : | Exclude<JobEvent, { type: 'partial' | 'completed' }>
    | { readonly type: 'partial'; readonly outputs: readonly V[] }
    | { readonly type: 'completed'; readonly output: V; readonly runMs: number };
export type RunEventOf<V> = Extract<JobEventOf<V>, { type: 'progress' | 'log' | 'partial' }>;

export const TERMINAL_EVENTS: ReadonlySet<JobEvent['type']> = new Set(['completed', 'failed', 'cancelled']);

/** One entry of a job's stream. `id` is opaque and increasing: pass the last one seen to resume. */
export interface StoredJobEvent<V = JsonValue> {
  readonly id: string;
  readonly jobId: string;
  readonly event: JobEventOf<V>;
}
