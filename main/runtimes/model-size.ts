import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ResolvedModel } from './runtime.js';

/** A Node worker process before any model: V8, onnxruntime and the runtime code. */
const PROCESS_BYTES = 120 * 2 ** 20;

function onnxBytes(path: string, depth = 0): number {
  try {
    const stat = statSync(path);
    if (stat.isFile()) return path.endsWith('.onnx') || path.endsWith('.onnx_data') ? stat.size : 0;
    if (!stat.isDirectory() || depth > 3) return 0;
    return readdirSync(path).reduce((sum, entry) => sum + onnxBytes(join(path, entry), depth + 1), 0);
  } catch {
    return 0;
  }
}

/**
 * What one replica of a model is expected to hold before it was ever measured: the process plus
 * 1.5× its ONNX weights (sessions keep weights and work buffers). Hub models that are not cached
 * yet count only the process; the first load measures the real figure.
 */
export function estimateModelBytes(model: ResolvedModel): number {
  return PROCESS_BYTES + Math.round(1.5 * (model.localPath ? onnxBytes(model.localPath) : 0));
}
