import { hostname } from 'node:os';
import type { ParseArgsConfig } from 'node:util';
import type { ModelEnvironment } from '../runtimes/runtime.js';
import { WORKER_DEVICES, type WorkerDevice } from '../queue/worker/worker-capabilities.js';
import { WORKER_ISOLATIONS, type WorkerIsolation } from '../queue/worker/model-isolation.js';
import { UsageError } from './cli-error.js';
import { modelEnvironment, QUEUE_ENV, queueSetting } from './serve-options.js';

export { QUEUE_ENV };

/** `demo-desktop worker`'s options, parsed once and typed. */

export const WORKER_OPTIONS = {
  queue: { type: 'string' },
  models: { type: 'string' },
  device: { type: 'string' },
  isolation: { type: 'string' },
  'max-runs': { type: 'string' },
  'worker-id': { type: 'string' },
  offline: { type: 'boolean' },
  'cache-dir': { type: 'string' },
  'hub-endpoint': { type: 'string' },
  'allow-outside-project': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

export const DEFAULT_MAX_RUNS = 8;

export interface WorkerSettings {
  readonly file: string;
  readonly queueUrl: string;
  /** undefined: every model of the project. */
  readonly models?: readonly string[];
  readonly device: WorkerDevice;
  /** Where ONNX models that set no `isolation` run (model-isolation.ts). */
  readonly isolation: WorkerIsolation;
  readonly maxRuns: number;
  readonly workerId: string;
  readonly environment: Partial<ModelEnvironment>;
  readonly allowOutsideProject: boolean;
}

interface WorkerValues {
  queue?: string;
  models?: string;
  device?: string;
  isolation?: string;
  'max-runs'?: string;
  'worker-id'?: string;
  offline?: boolean;
  'cache-dir'?: string;
  'hub-endpoint'?: string;
  'allow-outside-project'?: boolean;
}

function parseModels(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const models = text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (models.length === 0) throw new UsageError('--models needs at least one model name, e.g. --models whisper,clip', 'worker');
  return models;
}

function parseDevice(text: string | undefined): WorkerDevice {
  if (text === undefined) return 'auto';
  const device = WORKER_DEVICES.find((known) => known === text);
  if (!device) throw new UsageError(`--device must be one of ${WORKER_DEVICES.join(', ')} (got "${text}").`, 'worker');
  return device;
}

function parseIsolation(text: string | undefined): WorkerIsolation {
  if (text === undefined) return 'thread';
  const isolation = WORKER_ISOLATIONS.find((known) => known === text);
  if (!isolation) throw new UsageError(`--isolation must be one of ${WORKER_ISOLATIONS.join(', ')} (got "${text}").`, 'worker');
  return isolation;
}

function parseMaxRuns(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MAX_RUNS;
  const runs = Number(text);
  if (!/^\d+$/.test(text) || runs < 1 || runs > 1024)
    throw new UsageError(`--max-runs must be a whole number from 1 to 1024 (got "${text}").`, 'worker');
  return runs;
}

function parseWorkerId(text: string | undefined): string {
  const id = text ?? `${hostname()}-${process.pid}`;
  // It names a pub/sub channel and is stored with each run: keep it to plain characters.
  if (!/^[A-Za-z0-9_.:-]{1,100}$/.test(id)) {
    throw new UsageError(`--worker-id must be 1 to 100 letters, digits, ".", "_", ":" or "-" (got "${id}").`, 'worker');
  }
  return id;
}

export function workerSettings(values: WorkerValues, positionals: readonly string[], env: NodeJS.ProcessEnv = process.env): WorkerSettings {
  const [file, ...extra] = positionals;
  if (!file)
    throw new UsageError('worker needs a project file, e.g. demo-desktop worker project.json --queue redis://127.0.0.1:6379/0', 'worker');
  if (extra.length > 0) throw new UsageError(`worker takes one project file; unexpected: ${extra.join(' ')}`, 'worker');
  // Checked here, like serve's: a bad URL is bad usage (exit 2) that names where it came from.
  const queueUrl = queueSetting(values.queue, env, 'worker').queue;
  if (queueUrl === undefined) {
    throw new UsageError(`worker needs the queue: --queue redis://host:port/db (or set ${QUEUE_ENV})`, 'worker');
  }
  const models = parseModels(values.models);
  return {
    file,
    queueUrl,
    ...(models ? { models } : {}),
    device: parseDevice(values.device),
    isolation: parseIsolation(values.isolation),
    maxRuns: parseMaxRuns(values['max-runs']),
    workerId: parseWorkerId(values['worker-id']),
    environment: modelEnvironment(values, 'worker'),
    allowOutsideProject: values['allow-outside-project'] === true,
  };
}
