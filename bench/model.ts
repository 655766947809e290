import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCostModel, costModelFlopsPerRow } from '../models/generator/cost-model.js';

/** The configurable-cost ONNX model written to a temp folder, plus deterministic input rows. */

export interface ModelSize {
  readonly width: number;
  readonly depth: number;
}

export interface ModelFiles {
  readonly dir: string;
  /** Absolute path of cost.onnx inside `dir`. */
  readonly file: string;
  readonly bytes: Uint8Array;
  remove(): Promise<void>;
}

const SEED = 7;

export function modelBytes(size: ModelSize): Uint8Array {
  return buildCostModel({ ...size, seed: SEED });
}

export const flopsPerRow = (size: ModelSize): number => costModelFlopsPerRow(size);

export async function writeModel(size: ModelSize, label: string): Promise<ModelFiles> {
  const dir = await mkdtemp(join(tmpdir(), `demo-desktop-bench-${label}-`));
  const file = join(dir, 'cost.onnx');
  const bytes = modelBytes(size);
  await writeFile(file, bytes);
  return { dir, file, bytes, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** `count` rows of `width` values in (-1, 1), built before the clock starts. */
export function makeRows(width: number, count = 64): number[][] {
  return Array.from({ length: count }, (_, r) => Array.from({ length: width }, (_, i) => Math.sin(r * 7.1 + i * 0.37)));
}
