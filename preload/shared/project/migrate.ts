import { AppError } from '../errors.js';
import { CURRENT_VERSION } from './schema.js';
import { ProjectValidationError } from './validation-error.js';

/**
 * Migrations bring an older project.json up to CURRENT_VERSION, one version at a time. Each step is a
 * pure function on plain JSON. Version 0 is the unversioned draft format (before `version` existed):
 * it called `functions` "fns" and wrote queue settings in Gradio's snake_case.
 */
type JsonObject = Record<string, unknown>;
type Migration = (input: JsonObject) => JsonObject;

function renameKeys(value: unknown, rename: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => renameKeys(item, rename));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value as JsonObject).map(([key, inner]) => [rename(key), renameKeys(inner, rename)]));
}

const SNAKE_QUEUE_KEYS: Record<string, string> = {
  default_concurrency_limit: 'defaultConcurrencyLimit',
  max_size: 'maxSize',
  api_open: 'apiOpen',
  concurrency_limit: 'concurrencyLimit',
  concurrency_id: 'concurrencyId',
  max_batch_size: 'maxBatchSize',
  api_name: 'apiName',
};

/** MIGRATIONS[n] turns version n into version n + 1. */
export const MIGRATIONS: readonly Migration[] = [
  (v0) => {
    const { fns, functions, ...rest } = v0;
    // Only the queue and the UI (interface and event settings) used snake_case. Model options and
    // function params are passed to transformers.js as they are and must keep their names.
    const rename = (value: unknown): unknown => renameKeys(value, (key) => SNAKE_QUEUE_KEYS[key] ?? key);
    const renamed: JsonObject = { ...rest };
    if ('queue' in rest) renamed.queue = rename(rest.queue);
    if ('ui' in rest) renamed.ui = rename(rest.ui);
    return { ...renamed, functions: functions ?? fns ?? {}, version: 1 };
  },
];

/** The format version of raw project JSON (0 when absent); throws ProjectValidationError if malformed. */
export function projectVersion(input: JsonObject, file = 'project.json'): number {
  const version = input.version;
  if (version === undefined) return 0;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new ProjectValidationError(file, [
      { path: '$.version', message: `expected a whole number such as ${CURRENT_VERSION}`, value: version },
    ]);
  }
  return version;
}

/**
 * Returns the project upgraded to CURRENT_VERSION. A version newer than this build knows is a
 * ProjectValidationError (INVALID_PROJECT) at `$.version` that says to update demo-desktop.
 */
export function migrate(input: JsonObject, file = 'project.json'): JsonObject {
  let version = projectVersion(input, file);
  if (version > CURRENT_VERSION) {
    throw new ProjectValidationError(file, [
      {
        path: '$.version',
        message: `this project was made by a newer demo-desktop (format version ${version}); this one reads up to version ${CURRENT_VERSION}. Update demo-desktop to open it`,
        value: version,
      },
    ]);
  }
  let current = input;
  while (version < CURRENT_VERSION) {
    const step = MIGRATIONS[version];
    if (!step) throw new AppError('INTERNAL', `No migration from project version ${version}`);
    current = step(current);
    version += 1;
  }
  return current;
}
