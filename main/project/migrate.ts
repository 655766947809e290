import { AppError } from '../common/errors.js';
import { CURRENT_VERSION } from './schema.js';

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
  return Object.fromEntries(
    Object.entries(value as JsonObject).map(([key, inner]) => [rename(key), renameKeys(inner, rename)]),
  );
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
    const renamed = renameKeys(rest, (key) => SNAKE_QUEUE_KEYS[key] ?? key) as JsonObject;
    return { ...renamed, functions: functions ?? fns ?? {}, version: 1 };
  },
];

export function projectVersion(input: JsonObject): number {
  const version = input.version;
  if (version === undefined) return 0;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new AppError('INVALID_PROJECT', `$.version: expected a whole number such as ${CURRENT_VERSION} (got ${JSON.stringify(version)})`);
  }
  return version;
}

/** Returns the project upgraded to CURRENT_VERSION; a newer version than we know is an error. */
export function migrate(input: JsonObject): JsonObject {
  let version = projectVersion(input);
  if (version > CURRENT_VERSION) {
    throw new AppError(
      'INVALID_PROJECT',
      `$.version: this project was made by a newer demo-desktop (version ${version}); this one reads up to version ${CURRENT_VERSION}. Update demo-desktop.`,
    );
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
