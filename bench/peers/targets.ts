import { createServer } from 'node:net';
import { join } from 'node:path';
import { writeProject, type CellEvent } from '../project.js';
import type { PeersOptions } from './options.js';
import { PEERS_DIR, pythonEnv } from './python-env.js';
import type { ServerSpec } from './server-process.js';

/**
 * The servers under test, as command lines: demo-desktop's own `serve` (this checkout, from source
 * through tsx, as the CLI tests run it), the Python peers, and `--self-check`'s stand-ins.
 */

export const REPO_ROOT = join(PEERS_DIR, '..', '..');

/** A free port on 127.0.0.1 for a server that must be told one (the Python peers). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Our events: one per caller count, `off_<n>`, unbatched, concurrencyLimit n (`npm run bench`'s unbatched cells). */
export const oursEndpoint = (callers: number): string => `/off_${callers}`;
/** The Gradio app's (and its stand-in's) one event. */
export const GRADIO_ENDPOINT = '/infer';

function gradioLimit(option: string): number {
  if (option === 'default') return 1;
  return option === 'none' ? 1024 : Number(option);
}

export async function oursSpec(
  label: string,
  modelDir: string,
  options: PeersOptions,
  events: readonly CellEvent[],
  name: string,
): Promise<ServerSpec> {
  const project = await writeProject(modelDir, `${name}.json`, { width: options.width, events });
  const args = ['--import', 'tsx', join(REPO_ROOT, 'main', 'cli', 'bin.ts'), 'serve', project, '--port', '0', '--offline'];
  args.push('--data-dir', join(modelDir, `${name}-data`), ...(options.noHistory ? ['--no-history'] : []));
  return {
    label,
    command: process.execPath,
    args,
    env: { ...process.env, DEMO_DESKTOP_LOG: 'warn' },
    cwd: REPO_ROOT,
    stopBy: 'sigterm',
    startTimeoutMs: options.startTimeoutMs,
  };
}

export const oursEvents = (callers: readonly number[]): CellEvent[] =>
  callers.map((count) => ({ apiName: `off_${count}`, mode: 'off', concurrency: count, limit: count }));

/** The self-check's "gradio": our server with Gradio's shape, one event `infer` at Gradio's limit. */
export const gradioStandInEvents = (options: PeersOptions): CellEvent[] => [
  { apiName: 'infer', mode: 'off', concurrency: 1, limit: gradioLimit(options.gradioConcurrencyLimit) },
];

export async function gradioSpec(model: string, options: PeersOptions): Promise<ServerSpec> {
  const limit = options.gradioConcurrencyLimit === 'default' ? [] : ['--concurrency-limit', options.gradioConcurrencyLimit];
  return {
    label: 'gradio',
    command: options.python,
    args: ['gradio_app.py', '--model', model, '--port', String(await freePort()), ...limit],
    env: pythonEnv(process.env),
    cwd: PEERS_DIR,
    stopBy: 'stdin',
    startTimeoutMs: options.startTimeoutMs,
  };
}

export async function raySpec(model: string, rayDir: string, options: PeersOptions): Promise<ServerSpec> {
  const ongoing = options.rayMaxOngoing === null ? [] : ['--max-ongoing-requests', String(options.rayMaxOngoing)];
  return {
    label: 'ray',
    command: options.python,
    args: ['ray_app.py', '--model', model, '--port', String(await freePort()), '--temp-dir', rayDir, ...ongoing],
    env: pythonEnv(process.env),
    cwd: PEERS_DIR,
    stopBy: 'stdin',
    startTimeoutMs: options.startTimeoutMs,
    marker: rayDir,
  };
}

/** The self-check's "ray": fake-ray-server.ts, the Ray app's route and ready line in Node. */
export async function rayStandInSpec(model: string, options: PeersOptions): Promise<ServerSpec> {
  return {
    label: 'ray (self-check stand-in)',
    command: process.execPath,
    args: ['--import', 'tsx', join(PEERS_DIR, 'fake-ray-server.ts'), '--model', model, '--port', String(await freePort())],
    env: process.env,
    cwd: REPO_ROOT,
    stopBy: 'stdin',
    startTimeoutMs: options.startTimeoutMs,
  };
}
