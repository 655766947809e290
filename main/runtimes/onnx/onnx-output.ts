import { AppError } from '../../../preload/shared/errors.js';
import { fromHalf, product, type TensorData } from './tensor-data.js';

/**
 * What an ONNX model call returns to the app: every declared output as `{ dims, data }`, or, for a
 * classifier (`labels` set), Gradio's Label value `{ label, confidences: [{ label, confidence }] }`.
 * Float outputs stay typed arrays (cheap to pass between processes); int64 becomes number[] and
 * bool boolean[], because BigInt and 0/1 bytes surprise everything downstream (JSON included).
 */

export interface OutputTensor {
  readonly dims: number[];
  readonly data: Float32Array | Int32Array | Uint8Array | Int8Array | number[] | boolean[] | string[];
}

export interface LabelConfidence {
  readonly label: string;
  readonly confidence: number;
}

export interface LabelOutput {
  readonly label: string;
  readonly confidences: LabelConfidence[];
}

export function toOutputTensor(tensor: TensorData): OutputTensor {
  const dims = [...tensor.dims];
  const { data } = tensor;
  if (Array.isArray(data)) return { dims, data };
  switch (tensor.dtype) {
    case 'int64':
      return { dims, data: Array.from(data as BigInt64Array, Number) };
    case 'float16':
      return { dims, data: Float32Array.from(data as Uint16Array, fromHalf) };
    case 'bool':
      return { dims, data: Array.from(data as Uint8Array, (v) => v !== 0) };
    default:
      return { dims, data: data as Float32Array | Int32Array | Uint8Array | Int8Array };
  }
}

/** Values that are already probabilities are kept; logits get a softmax. */
function probabilities(row: readonly number[], softmax: boolean | 'auto'): number[] {
  const sum = row.reduce((total, v) => total + v, 0);
  const looksLikeProbabilities = row.every((v) => v >= 0 && v <= 1) && Math.abs(sum - 1) < 1e-3;
  if (softmax === false || (softmax === 'auto' && looksLikeProbabilities)) return [...row];
  const max = Math.max(...row);
  const exps = row.map((v) => Math.exp(v - max));
  const total = exps.reduce((acc, v) => acc + v, 0);
  return exps.map((v) => v / total);
}

/** One Label value per batch row of the classifier output. */
export function toLabels(
  tensor: OutputTensor,
  labels: readonly string[],
  options: { readonly softmax?: boolean | 'auto'; readonly topK?: number } = {},
): LabelOutput[] {
  const rowSize = tensor.dims.length > 1 ? product(tensor.dims.slice(1)) : product(tensor.dims);
  if (rowSize !== labels.length) {
    throw new AppError('INVALID_PROJECT', `The model's output has ${rowSize} values per row but ${labels.length} labels are declared.`);
  }
  const values = Array.from(tensor.data as ArrayLike<number>, Number);
  const rows = values.length / rowSize;
  const out: LabelOutput[] = [];
  for (let r = 0; r < rows; r++) {
    const scores = probabilities(values.slice(r * rowSize, (r + 1) * rowSize), options.softmax ?? 'auto');
    const confidences = labels
      .map((label, i) => ({ label, confidence: scores[i] ?? 0 }))
      .sort((a, b) => b.confidence - a.confidence)
      .slice(0, options.topK ?? labels.length);
    out.push({ label: confidences[0]?.label ?? '', confidences });
  }
  return out;
}
