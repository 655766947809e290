/**
 * `cost`: not a transformers model but a plain ONNX graph with a tunable amount of compute,
 * for scheduler tests and benchmarks. `depth` layers of y = tanh(x · W_i) with W_i of shape
 * [width, width]: about 2·width²·depth FLOPs per batch row. Rows never interact, so the output
 * of a row is the same whatever batch it runs in (the property batching schedulers rely on).
 */
import { GraphBuilder } from './onnx-builder.js';
import { jsonBytes, type ModelFolder } from './model-folder.js';
import { mulberry32 } from './prng.js';

export interface CostModelOptions {
  /** Features per row (input and output width). */
  width: number;
  /** Number of MatMul+Tanh layers. */
  depth: number;
  /** PRNG seed for the weights (default 1). */
  seed?: number;
}

/**
 * The committed default (models/tiny/cost): 131,072 FLOPs per row and 256 KiB of weights.
 * Width 128 rather than 256 keeps the committed file small; benchmarks that need more work
 * call buildCostModel() with larger numbers and hand the bytes straight to onnxruntime.
 */
export const DEFAULT_COST_MODEL: Required<CostModelOptions> = { width: 128, depth: 4, seed: 1 };

/** FLOPs per batch row: one multiply and one add per weight, per layer (tanh ignored). */
export function costModelFlopsPerRow({ width, depth }: CostModelOptions): number {
  return 2 * width * width * depth;
}

/** Builds the ONNX bytes. Input `x` float32 [batch, width] -> output `y` float32 [batch, width]. */
export function buildCostModel({ width, depth, seed = 1 }: CostModelOptions): Uint8Array {
  if (!Number.isInteger(width) || width < 1) throw new Error(`width must be a positive integer, got ${width}`);
  if (!Number.isInteger(depth) || depth < 1) throw new Error(`depth must be a positive integer, got ${depth}`);
  const random = mulberry32(seed);
  const g = new GraphBuilder('cost_model');
  let h = g.input('x', 'float32', ['batch', width]);
  // Uniform(-a, a) with a = sqrt(3/width) gives unit-variance pre-activations for unit inputs,
  // so tanh stays out of saturation and every layer does meaningful (non-constant) work.
  const scale = Math.sqrt(3 / width);
  for (let layer = 0; layer < depth; layer++) {
    const w = new Float32Array(width * width);
    for (let i = 0; i < w.length; i++) w[i] = (random() * 2 - 1) * scale;
    const weight = g.initializer(`layers.${layer}.weight`, 'float32', [width, width], w);
    h = g.op('Tanh', [g.op('MatMul', [h, weight])]);
  }
  g.output('y', h, 'float32', ['batch', width]);
  return g.build({
    docString: `Cost model: ${depth} x (MatMul ${width}x${width} + Tanh), seed ${seed}, ${costModelFlopsPerRow({ width, depth })} FLOPs per row.`,
  });
}

/** The committed folder: model.onnx plus meta.json describing its cost. */
export function buildDefaultCostFolder(): ModelFolder {
  const options = DEFAULT_COST_MODEL;
  const meta = {
    description: 'Configurable-cost ONNX model for scheduler tests and benchmarks (see models/README.md).',
    input: { name: 'x', type: 'float32', shape: ['batch', options.width] },
    output: { name: 'y', type: 'float32', shape: ['batch', options.width] },
    width: options.width,
    depth: options.depth,
    seed: options.seed,
    flops_per_row: costModelFlopsPerRow(options),
    generator: 'models/generator/cost-model.ts buildCostModel({ width, depth, seed })',
  };
  return new Map([
    ['model.onnx', buildCostModel(options)],
    ['meta.json', jsonBytes(meta)],
  ]);
}
