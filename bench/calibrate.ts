import { Tensor } from 'onnxruntime-node';
import { silentLogger } from '../main/common/logger.js';
import { createSession } from '../main/runtimes/onnx/onnx-session.js';
import { modelBytes, type ModelSize } from './model.js';
import { median } from './stats.js';

/**
 * Finds the cost-model size whose single row takes about `targetMs` in the raw loop on this
 * machine: depth grows (proportionally to the shortfall, at most ×4 a step) at a fixed width, and
 * width doubles when depth reaches its cap. Each probe is the median of sequential single-row
 * runs on a fresh session (same options as the worker), so one noisy run cannot steer it.
 */

export interface Probe extends ModelSize {
  readonly rowMs: number;
}

export interface Calibration {
  readonly size: ModelSize;
  readonly rowMs: number;
  readonly probes: readonly Probe[];
}

export interface CalibrateOptions {
  readonly targetMs: number;
  readonly width: number;
  /** Accept a probe within this fraction of the target. */
  readonly tolerance: number;
  readonly runs: number;
  readonly maxDepth: number;
  readonly maxProbes: number;
}

/** Median single-row time of a model size, in ms. */
export async function rowTime(size: ModelSize, runs: number): Promise<number> {
  const { session } = await createSession(modelBytes(size), 'cpu', { logger: silentLogger });
  try {
    const x = new Tensor('float32', new Float32Array(size.width).fill(0.25), [1, size.width]);
    for (let i = 0; i < 3; i++) await session.run({ x });
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await session.run({ x });
      times.push(performance.now() - started);
    }
    return median(times);
  } finally {
    await session.release();
  }
}

export async function calibrate(options: CalibrateOptions): Promise<Calibration> {
  const probes: Probe[] = [];
  let size: ModelSize = { width: options.width, depth: 8 };
  for (let i = 0; i < options.maxProbes; i++) {
    const rowMs = await rowTime(size, options.runs);
    probes.push({ ...size, rowMs });
    if (Math.abs(rowMs - options.targetMs) <= options.tolerance * options.targetMs) break;
    const scale = Math.min(4, Math.max(0.25, options.targetMs / rowMs));
    const depth = Math.max(1, Math.round(size.depth * scale));
    size = depth > options.maxDepth ? { width: size.width * 2, depth: Math.max(1, Math.round(depth / 4)) } : { ...size, depth };
  }
  const best = probes.reduce((a, b) => (Math.abs(b.rowMs - options.targetMs) < Math.abs(a.rowMs - options.targetMs) ? b : a));
  return { size: { width: best.width, depth: best.depth }, rowMs: best.rowMs, probes };
}
