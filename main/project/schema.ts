import { z } from 'zod';
import { functionDefinition } from './schema-functions.js';
import { model } from './schema-models.js';
import { identifier } from './schema-components.js';
import { ui } from './schema-ui.js';

/** project.json, version 1: the single source of truth for the project format. */

export const CURRENT_VERSION = 1;

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
});

export const shareConfig = z.strictObject({
  enabled: z.boolean().default(false).describe('Open a public share link when the app starts.'),
  provider: z.string().optional().describe('Tunnel provider name; default: the built-in one.'),
  auth: z
    .strictObject({ username: z.string().min(1), password: z.string().min(1) })
    .optional()
    .describe('Basic credentials visitors of the share link must give.'),
});

export const project = z.strictObject({
  $schema: z.string().optional().describe('Path or URL of this JSON Schema, for editor completion.'),
  version: z.literal(CURRENT_VERSION).describe('Format version; older files are migrated on load.'),
  name: z.string().min(1).describe('The app name; also the default title.'),
  description: z.string().optional(),
  models: z.record(identifier, model).default({}).describe('Models by name; functions refer to them.'),
  functions: z
    .record(identifier, functionDefinition)
    .describe('Functions by name; events (or the Interface) run them.'),
  ui: ui.describe('An Interface (inputs → fn → outputs) or a Blocks tree with events.'),
  queue: queueConfig
    .default({ defaultConcurrencyLimit: 1, maxSize: null, apiOpen: true })
    .describe('Queue settings shared by every event.'),
  share: shareConfig.default({ enabled: false }).describe('Public share link settings.'),
  showError: z.boolean().default(false).describe('Show internal error messages to API callers.'),
});

/** A parsed project (defaults applied). */
export type Project = z.infer<typeof project>;
/** What a user writes (defaults optional). */
export type ProjectInput = z.input<typeof project>;

export * from './schema-components.js';
export * from './schema-functions.js';
export * from './schema-models.js';
export * from './schema-ui.js';
