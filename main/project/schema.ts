import { z } from 'zod';
import { functionDefinition } from './schema-functions.js';
import { model } from './schema-models.js';
import { identifier } from './schema-components.js';
import { ui } from './schema-ui.js';

/** project.json, version 1: the single source of truth for the project format. */

export const CURRENT_VERSION = 1;

export const queueConfig = z.strictObject({
  defaultConcurrencyLimit: z.union([z.number().int().min(1), z.null()]).default(1),
  maxSize: z.union([z.number().int().min(1), z.null()]).default(null),
  apiOpen: z.boolean().default(true),
});

export const shareConfig = z.strictObject({
  enabled: z.boolean().default(false),
  provider: z.string().optional(),
  auth: z.strictObject({ username: z.string().min(1), password: z.string().min(1) }).optional(),
});

export const project = z.strictObject({
  $schema: z.string().optional(),
  version: z.literal(CURRENT_VERSION),
  name: z.string().min(1),
  description: z.string().optional(),
  models: z.record(identifier, model).default({}),
  functions: z.record(identifier, functionDefinition),
  ui,
  queue: queueConfig.default({ defaultConcurrencyLimit: 1, maxSize: null, apiOpen: true }),
  share: shareConfig.default({ enabled: false }),
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
