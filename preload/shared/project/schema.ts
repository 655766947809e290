import { z } from 'zod';
import { defaultLimits, functionDefinition } from './schema-functions.js';
import { model } from './schema-models.js';
import { identifier } from './schema-components.js';
import { ui } from './schema-ui.js';

/** project.json, version 1: the single source of truth for the project format. */

export const CURRENT_VERSION = 1;

export const batchingConfig = z.strictObject({
  policy: z
    .enum(['adaptive', 'static', 'none'])
    .default('adaptive')
    .describe(
      '"none": take only what is already waiting (Gradio); "static": wait up to windowMs for a batch to fill; ' +
        '"adaptive": pick batch size and wait from measured latency to keep each request within targetMs.',
    ),
  windowMs: z.number().min(0).max(10_000).default(10).describe('Static policy: longest wait for a batch to fill.'),
  targetMs: z.number().positive().default(500).describe('Adaptive policy: per-request latency target (p95).'),
  maxWindowMs: z.number().min(0).max(10_000).default(50).describe('Adaptive policy: longest wait for a batch to fill.'),
});

export const queueConfig = z.strictObject({
  defaultConcurrencyLimit: z
    .union([z.number().int().min(1), z.null()])
    .default(1)
    .describe('Concurrency limit of events that say "default"; null = unlimited.'),
  maxSize: z
    .union([z.number().int().min(1), z.null()])
    .default(null)
    .describe('Jobs waiting in the queue before new ones are refused (QUEUE_FULL); null = no limit.'),
  apiOpen: z.boolean().default(true).describe('Whether API clients may call endpoints directly.'),
  cancelOnDisconnect: z
    .boolean()
    .default(true)
    .describe(
      "Cancel a client's jobs when its queue stream disconnects (Gradio's behaviour). false: they run on, and their " +
        'results wait up to 10 minutes for the client to reconnect with the same session_hash.',
    ),
  // Scale-out (docs/scale-out.md): read by every front and worker sharing a `--queue`. Optional with
  // the default applied where they are read (main/queue/worker/queue-settings.ts), so projects and
  // the queue's own default object stay as they were.
  leaseSeconds: z
    .number()
    .min(1)
    .max(3600)
    .optional()
    .describe('With --queue: a worker that has not heart-beaten for this long has lost its runs (default 30); it beats every third of it.'),
  retryLostWorker: z
    .boolean()
    .optional()
    .describe(
      'With --queue: run a job once more on another worker when its worker dies mid-run (default true); false: fail it (WORKER_CRASHED).',
    ),
  // zod does not parse a default value: parse({}) spells out the fields' own defaults, stated once above.
  batching: batchingConfig.default(batchingConfig.parse({})).describe('How events with `batch: true` form batches.'),
});

export const shareConfig = z.strictObject({
  enabled: z.boolean().default(false).describe('Open a public share link when the app starts.'),
  provider: z.string().optional().describe('Tunnel provider name; default: the built-in one.'),
  auth: z
    .strictObject({ username: z.string().min(1), password: z.string().min(1) })
    .optional()
    .describe('Basic credentials visitors of the share link must give.'),
});

export const metricsConfig = z.strictObject({
  public: z
    .boolean()
    .default(false)
    .describe(
      'Serve GET /metrics (Prometheus text format: queue, per-event job counts and latencies, GPU memory and utilization) ' +
        'without the admin token, e.g. for a scraper on another machine. Default false: local callers with the admin token only.',
    ),
});

export const flaggingConfig = z.strictObject({
  mode: z
    .enum(['manual', 'never'])
    .default('manual')
    .describe(
      "Gradio's flagging_mode: `manual` shows a Flag button under a run's outputs (the flag is stored with the run, " +
        'listed in History and exportable by the owner); `never` hides it and refuses flags.',
    ),
  options: z
    .array(z.string().min(1).max(200))
    .max(20)
    .refine((list) => new Set(list).size === list.length, { message: 'must not repeat a reason' })
    .default([])
    .describe(
      'Gradio\'s flagging_options: the reasons a user picks from when flagging (e.g. ["wrong", "offensive"]). ' +
        'Empty: one plain Flag button.',
    ),
});

/**
 * A file or folder of the project, written relative to project.json: no leading "/" or "\\", no
 * drive letter, no ".." segment. A regular expression rather than node:path, so the schema stays
 * pure and the JSON Schema carries the same rule for editors.
 */
export const projectRelativePath = z.string().regex(/^(?![\\/]|[A-Za-z]:)(?!(?:.*[\\/])?\.\.(?:[\\/]|$)).+$/, {
  message: 'must be a path inside the project folder, relative to project.json (no leading "/", drive letter or "..")',
});

export const project = z.strictObject({
  $schema: z.string().optional().describe('Path or URL of this JSON Schema, for editor completion.'),
  version: z.literal(CURRENT_VERSION).describe('Format version; older files are migrated on load.'),
  name: z.string().min(1).describe('The app name; also the default title.'),
  description: z.string().optional(),
  models: z.record(identifier, model).default({}).describe('Models by name; functions refer to them.'),
  functions: z.record(identifier, functionDefinition).describe('Functions by name; events (or the Interface) run them.'),
  ui: ui.describe('An Interface (inputs → fn → outputs) or a Blocks tree with events.'),
  queue: queueConfig.default(queueConfig.parse({})).describe('Queue settings shared by every event.'),
  share: shareConfig.default({ enabled: false }).describe('Public share link settings.'),
  metrics: metricsConfig.default({ public: false }).describe('The Prometheus /metrics endpoint.'),
  flagging: flaggingConfig
    .default(flaggingConfig.parse({}))
    .describe('Flagging of runs by the people who use the demo (a Flag button under the outputs).'),
  memoryBudgetMb: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('Memory all models together may hold; idle models are unloaded to make room. Default: 75% of RAM.'),
  showError: z.boolean().default(false).describe('Show internal error messages to API callers.'),
  limits: defaultLimits
    .default(defaultLimits.parse({}))
    .describe('Default time and memory limits of JS functions (300 s, 1024 MB); a function may set its own.'),
  allowedPaths: z
    .array(projectRelativePath)
    .default([])
    .describe(
      'Project files or folders (relative to project.json) that functions may return as file outputs, like ' +
        "Gradio's allowed_paths. Nothing else of the project is ever served: a function writes its output files into " +
        'ctx.outputDir (or returns their bytes).',
    ),
});

/** A parsed project (defaults applied). */
export type Project = z.infer<typeof project>;
/** What a user writes (defaults optional). */
export type ProjectInput = z.input<typeof project>;

export * from './schema-components.js';
export * from './schema-functions.js';
export * from './schema-models.js';
export * from './schema-ui.js';
