import { Tensor } from 'onnxruntime-node';
import { silentLogger } from '../main/common/logger.js';
import { createSession } from '../main/runtimes/onnx/onnx-session.js';
import { modelBytes, type ModelSize } from './model.js';
import { median } from './stats.js';

/**
 * Finds the cost-model size whose single row takes about `targetMs` in the raw loop on this
 * machine: depth grows at a fixed width (see nextDepth), and width doubles when depth passes its cap. Each probe is the median of sequential single-row
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

/**
 * Next depth to try: interpolated between the closest probes on either side of the target once
 * there are both (row time is not linear in depth: weights fall out of cache), else scaled by the
 * shortfall, at most ×2 up or ×0.5 down per step.
 */
export function nextDepth(probes: readonly Probe[], width: number, targetMs: number): number {
  const same = probes.filter((probe) => probe.width === width);
  const below = same.filter((p) => p.rowMs < targetMs).sort((a, b) => b.depth - a.depth)[0];
  const above = same.filter((p) => p.rowMs >= targetMs).sort((a, b) => a.depth - b.depth)[0];
  if (below && above) {
    const t = (targetMs - below.rowMs) / (above.rowMs - below.rowMs);
    return Math.round(below.depth + t * (above.depth - below.depth));
  }
  const last = same.at(-1) ?? { depth: 8, rowMs: targetMs };
  return Math.max(1, Math.round(last.depth * Math.min(2, Math.max(0.5, targetMs / last.rowMs))));
}

export async function calibrate(options: CalibrateOptions): Promise<Calibration> {
  const probes: Probe[] = [];
  let size: ModelSize = { width: options.width, depth: 16 };
  for (let i = 0; i < options.maxProbes; i++) {
    const rowMs = await rowTime(size, options.runs);
    probes.push({ ...size, rowMs });
    if (Math.abs(rowMs - options.targetMs) <= options.tolerance * options.targetMs) break;
    const depth = nextDepth(probes, size.width, options.targetMs);
    if (probes.some((p) => p.width === size.width && p.depth === depth)) break;
    size = depth > options.maxDepth ? { width: size.width * 2, depth: Math.max(1, Math.round(depth / 4)) } : { ...size, depth };
  }
  const best = probes.reduce((a, b) => (Math.abs(b.rowMs - options.targetMs) < Math.abs(a.rowMs - options.targetMs) ? b : a));
  return { size: { width: best.width, depth: best.depth }, rowMs: best.rowMs, probes };
}

/**
 * The cost model of a side bench (`--store`, `--scale-out`): `--depth` as given, else calibrated
 * quickly to about `--target-ms` a row, as the main bench does. `rowMs` is null when not measured.
 */
export async function quickModelSize(
  options: { readonly depth: number | null; readonly width: number; readonly targetMs: number },
  log: (line: string) => void,
): Promise<{ size: ModelSize; rowMs: number | null }> {
  if (options.depth !== null) return { size: { width: options.width, depth: options.depth }, rowMs: null };
  const found = await calibrate({
    targetMs: options.targetMs,
    width: options.width,
    tolerance: 0.1,
    runs: 15,
    maxDepth: 512,
    maxProbes: 5,
  });
  log(`cost model: width ${found.size.width} depth ${found.size.depth}, ${found.rowMs.toFixed(2)} ms/row`);
  return { size: found.size, rowMs: found.rowMs };
}
