import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResolvedModel } from './runtime.js';

/** A Node worker process before any model: V8, onnxruntime and the runtime code. */
const PROCESS_BYTES = 120 * 2 ** 20;

async function onnxBytes(path: string, depth = 0): Promise<number> {
  try {
    const info = await stat(path);
    if (info.isFile()) return path.endsWith('.onnx') || path.endsWith('.onnx_data') ? info.size : 0;
    if (!info.isDirectory() || depth > 3) return 0;
    const sizes = await Promise.all((await readdir(path)).map((entry) => onnxBytes(join(path, entry), depth + 1)));
    return sizes.reduce((sum, size) => sum + size, 0);
  } catch {
    return 0;
  }
}

/**
 * What one replica of a model is expected to hold before it was ever measured: the process plus
 * 1.5× its ONNX weights (sessions keep weights and work buffers). Hub models that are not cached
 * yet count only the process; the first load measures the real figure. Reads file sizes
 * asynchronously, and only when a memory budget asks (see ModelReplicas.needs).
 */
export async function estimateModelBytes(model: ResolvedModel): Promise<number> {
  return PROCESS_BYTES + Math.round(1.5 * (model.localPath ? await onnxBytes(model.localPath) : 0));
}
