import { z } from 'zod';

/**
 * A job as DATA (issue 18, item 1): everything a worker on another machine needs to run it and
 * everything a queue needs to place it, with no closures: what used to be a job's `run`,
 * `runBatch`, `onQueue` and `onStart` closures are the worker's lookup of `event` in its own copy
 * of the project, and the job's event stream (job-events.ts). The in-process line (main/scheduler/)
 * takes the same data (`JobSubmissionOf<unknown>`, below).
 */

/** A JSON value: what survives Redis, a wire and a restart unchanged. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export const JsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(JsonValueSchema), z.record(z.string(), JsonValueSchema)]),
);

/**
 * A file input, by reference: the bytes live in a blob store (a local folder by default, an object
 * store when fronts and workers are on several machines) under `key`, never as a local absolute
 * path, which means nothing on another machine. It is an ordinary JSON object inside `inputs`, so
 * a job stays one JSON document.
 */
export const BlobRefSchema = z.object({
  kind: z.literal('blob'),
  key: z.string().min(1),
  origName: z.string().optional(),
  mimeType: z.string().optional(),
  size: z.number().int().nonnegative().optional(),
});
export type BlobRef = z.infer<typeof BlobRefSchema>;

export function isBlobRef(value: unknown): value is BlobRef {
  // Checked first without zod: a job's inputs are walked value by value (every number of a tensor
  // row), and a failed safeParse builds an error each time (0.7 ms a job for one 256-float row).
  if (typeof value !== 'object' || value === null || (value as { kind?: unknown }).kind !== 'blob') return false;
  return BlobRefSchema.safeParse(value).success;
}

/** Job ids are chosen by the front that accepts the job (Gradio's 32-hex event_id fits). */
export const JobIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a job id is 1 to 64 letters, digits, "_" or "-"');

/** Names that become part of Redis keys (groups, lanes, events): no braces, which are key hash tags. */
const KeyPart = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^{}\s]+$/, 'no spaces or braces');

export const JobSubmissionSchema = z.object({
  id: JobIdSchema,
  /** The event to run (its api name): the worker looks its function up; also the run-time statistics key. */
  event: KeyPart,
  /** One value per event input, JSON-safe, files as BlobRef. */
  inputs: z.array(JsonValueSchema),
  /** The Gradio session_hash whose stream reports this job ('' for /run and /call without one). */
  session: z.string().max(200),
  /**
   * The fairness unit: the session for API callers and browsers, the visitor for share-link
   * visitors (one lane whatever session each names), '' for anonymous calls (one shared lane).
   * Kept apart from `session` because the two differ for visitors (docs/engine.md).
   */
  lane: z.string().max(200),
  /** `high`: the app's own window, served before every `normal` job of the group. */
  priority: z.enum(['high', 'normal']),
  /** The concurrency group (Gradio's concurrency_id) and this event's limit in it (null = unlimited). */
  groupId: KeyPart,
  limit: z.number().int().positive().nullable(),
  /** Batchable events: jobs with the same key may run together, up to maxSize per run. */
  batch: z.object({ key: KeyPart, maxSize: z.number().int().min(1).max(10_000) }).nullable(),
  /** What the trigger selected (Gradio event_data); JS functions get it as ctx.event. */
  eventData: JsonValueSchema.optional(),
});
export type JobSubmission = z.infer<typeof JobSubmissionSchema>;

/** A job as the queue stores it: the submission plus what the queue adds. */
export const QueueJobSchema = JobSubmissionSchema.extend({
  /** When the queue accepted it: ms since the epoch on the queue's clock (Redis TIME), not the front's. */
  enqueuedAt: z.number(),
});
export type QueueJob = z.infer<typeof QueueJobSchema>;

/**
 * The same job with values of another type: `JsonValue` on a wire (exactly the schemas' types
 * above), `unknown` in the embedded queue, where values are handed over by reference and never
 * serialized (files are the engine's local FileValue there until the blob store replaces them).
 */
export type JobSubmissionOf<V> = [V] extends [JsonValue]
  ? JobSubmission
  : Omit<JobSubmission, 'inputs' | 'eventData'> & { readonly inputs: readonly V[]; readonly eventData?: V };
export type QueueJobOf<V> = [V] extends [JsonValue] ? QueueJob : JobSubmissionOf<V> & { readonly enqueuedAt: number };

/**
 * A job's state. One writer per transition (the queue's atomic operations); terminal states
 * never change. `running → queued` happens only when the worker holding it lost its lease and the
 * project allows one retry.
 *
 *   queued ──► running ──► completed
 *     ▲          ├───────► failed
 *     └─(lease)──┤
 *     └──────────┴───────► cancelled
 */
export const JOB_STATES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export type QueueJobState = (typeof JOB_STATES)[number];

export const isTerminal = (state: QueueJobState): boolean => state === 'completed' || state === 'failed' || state === 'cancelled';
