/**
 * Greedy CTC decoding, as PaddleOCR's `CTCLabelDecode`: take the most likely class at every time
 * step, collapse runs of the same class, and drop the blank. Confidence is the mean probability of
 * the characters that survive.
 */

/** Class 0 of PaddleOCR CTC heads is the blank. */
export const CTC_BLANK = 0;

export interface CtcResult {
  readonly text: string;
  /** Mean of the kept characters' probabilities; 0 when nothing was decoded. */
  readonly confidence: number;
  /** Class index of every kept character. */
  readonly indices: number[];
}

/**
 * Decodes one sequence. `probs` holds `steps × classes` values, row-major (one row per time step,
 * as the rec model's `[batch, steps, classes]` output); `charset[i]` is the text of class i
 * (`charset[0]`, the blank, is never emitted).
 */
export function ctcGreedyDecode(probs: ArrayLike<number>, steps: number, classes: number, charset: readonly string[]): CtcResult {
  if (probs.length < steps * classes) throw new RangeError('probability array is shorter than steps × classes');
  let text = '';
  let sum = 0;
  const indices: number[] = [];
  let previous = -1;
  for (let t = 0; t < steps; t++) {
    const offset = t * classes;
    let best = 0;
    let bestProb = -Infinity;
    for (let c = 0; c < classes; c++) {
      const p = probs[offset + c] ?? -Infinity;
      if (p > bestProb) {
        bestProb = p;
        best = c;
      }
    }
    if (best !== CTC_BLANK && best !== previous) {
      indices.push(best);
      text += charset[best] ?? '';
      sum += bestProb;
    }
    previous = best;
  }
  return { text, confidence: indices.length > 0 ? sum / indices.length : 0, indices };
}
