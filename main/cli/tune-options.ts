import path from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { appDataDir } from '../common/app-data-dir.js';
import type { ModelEnvironment } from '../runtimes/runtime.js';
import { parseDuration } from '../tune/duration.js';
import type { TuneOptions } from '../tune/tune-project.js';
import { UsageError } from './cli-error.js';

/** `tune`'s options, parsed once and typed. */

export const TUNE_OPTIONS = {
  event: { type: 'string' },
  budget: { type: 'string' },
  'max-wait': { type: 'string' },
  latency: { type: 'string' },
  'memory-budget': { type: 'string' },
  inputs: { type: 'string' },
  write: { type: 'boolean' },
  json: { type: 'boolean' },
  offline: { type: 'boolean' },
  'cache-dir': { type: 'string' },
  'data-dir': { type: 'string' },
  'no-history': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

/** The tuning knobs as `tuneProject` takes them (their meaning is documented there), plus the command's own. */
export interface TuneSettings extends Pick<
  TuneOptions,
  'event' | 'budgetMs' | 'maxWaitMs' | 'latencyTargetMs' | 'memoryBudgetBytes' | 'inputs'
> {
  readonly file: string;
  readonly write: boolean;
  readonly json: boolean;
  readonly environment: Partial<ModelEnvironment>;
  /** The app's data folder: each event's report is saved in its database for the app to show (docs/tune.md). */
  readonly dataDir: string;
  /** false (`--no-history`): save no report, open no database. */
  readonly history: boolean;
}

export const DEFAULT_BUDGET_MS = 60_000;

/** The shortest budget that leaves room for a few trials after the engine starts. */
export const MIN_BUDGET_MS = 5_000;

function duration(name: string, text: string | undefined, example: string): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === null) throw new UsageError(`--${name} must be a duration above zero such as ${example} (got ${JSON.stringify(text)})`, 'tune');
  return ms;
}

function jsonInputs(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`--inputs must be JSON, a list of rows such as '[["hello"]]': ${(error as Error).message}`, 'tune');
  }
}

function megabytes(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const mb = Number(text);
  if (!Number.isInteger(mb) || mb < 1)
    throw new UsageError(`--memory-budget must be a whole number of MB such as 2048 (got ${JSON.stringify(text)})`, 'tune');
  return mb * 2 ** 20;
}

type Values = Partial<Record<keyof typeof TUNE_OPTIONS, string | boolean>>;

export function tuneSettings(values: Values, positionals: readonly string[]): TuneSettings {
  const [file, ...extra] = positionals;
  if (!file) throw new UsageError('tune needs a project file, e.g. demo-desktop tune project.json --budget 60s', 'tune');
  if (extra.length > 0) throw new UsageError(`tune takes one project file; unexpected: ${extra.join(' ')}`, 'tune');
  const str = (key: keyof typeof TUNE_OPTIONS): string | undefined => (typeof values[key] === 'string' ? values[key] : undefined);
  const budgetMs = duration('budget', str('budget'), '60s') ?? DEFAULT_BUDGET_MS;
  if (budgetMs < MIN_BUDGET_MS)
    throw new UsageError(`--budget must be at least 5s: a tune needs time for a few trials (got ${str('budget')})`, 'tune');
  const maxWaitMs = duration('max-wait', str('max-wait'), '30s');
  const memoryBudgetBytes = megabytes(str('memory-budget'));
  const inputs = jsonInputs(str('inputs'));
  const event = str('event');
  const cacheDir = str('cache-dir');
  return {
    file,
    budgetMs,
    latencyTargetMs: duration('latency', str('latency'), '2s') ?? null,
    write: values.write === true,
    json: values.json === true,
    dataDir: str('data-dir') !== undefined ? path.resolve(str('data-dir') ?? '') : appDataDir(),
    history: values['no-history'] !== true,
    environment: {
      ...(values.offline === true ? { offline: true } : {}),
      ...(cacheDir !== undefined ? { cacheDir: path.resolve(cacheDir) } : {}),
    },
    ...(event !== undefined ? { event } : {}),
    ...(maxWaitMs !== undefined ? { maxWaitMs } : {}),
    ...(memoryBudgetBytes !== undefined ? { memoryBudgetBytes } : {}),
    ...(inputs !== undefined ? { inputs } : {}),
  };
}
