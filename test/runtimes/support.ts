/** Shared helpers for the runtime tests: temp folders, JS fixture modules, process checks. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { model, type ModelDefinition } from '../../preload/shared/project/schema-models.js';
import type { ModelEnvironment, ResolvedModel } from '../../main/runtimes/runtime.js';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TINY_DIR = join(REPO_ROOT, 'models', 'tiny');

export async function tempDir(prefix: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `demo-desktop-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export async function writeModule(dir: string, name: string, source: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, source);
  return path;
}

/** True while a process with this pid exists (signal 0 only checks). */
export function isAlive(pid: number | undefined): boolean {
  // Never pass 0 or a negative pid: those address process groups.
  if (pid === undefined || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function waitFor(condition: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A ResolvedModel from a definition as a user would write it (schema defaults applied). */
export function resolvedModel(
  name: string,
  definition: Record<string, unknown>,
  environment: ModelEnvironment,
  localPath?: string,
): ResolvedModel {
  const parsed: ModelDefinition = model.parse(definition);
  return { name, definition: parsed, environment, ...(localPath ? { localPath } : {}) };
}

export const OFFLINE_ENV: ModelEnvironment = {
  cacheDir: join(tmpdir(), 'demo-desktop-unused-cache'),
  offline: true,
  hubEndpoint: 'http://127.0.0.1:9',
};

/**
 * Writes a one-layer cost model (`width` values in and out) to `<dir>/<name>.onnx` and resolves it
 * as an offline ONNX model on the CPU, input x and output y of shape [batch, width]; `extra` adds
 * definition keys (replicas, load, idleUnloadSeconds, ...).
 */
export async function costModel(dir: string, name: string, width: number, extra: Record<string, unknown> = {}): Promise<ResolvedModel> {
  // Imported here: the generator loads onnx-proto, which most users of this file do not need.
  const { buildCostModel } = await import('../../models/generator/cost-model.js');
  const file = join(dir, `${name}.onnx`);
  await writeFile(file, buildCostModel({ width, depth: 1 }));
  const definition = {
    runtime: 'onnx',
    source: { path: `${name}.onnx` },
    device: 'cpu',
    ...extra,
    inputs: [{ name: 'x', dtype: 'float32', shape: ['batch', width] }],
    outputs: [{ name: 'y', dtype: 'float32', shape: ['batch', width] }],
  };
  return resolvedModel(name, definition, OFFLINE_ENV, file);
}
