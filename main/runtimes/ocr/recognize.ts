/**
 * Text recognition with PaddleOCR's SVTR/CTC model: crop a box upright at height 48, normalise,
 * run, and decode the per-step class probabilities greedily.
 */

import * as ort from 'onnxruntime-node';
import { AppError } from '../../../preload/shared/errors.js';
import { expandQuad, quadSize, readingQuad, RECOGNITION_MARGIN, sampleQuad } from './crop.js';
import { ctcGreedyDecode, type CtcResult } from './ctc-decode.js';
import { REC_HEIGHT, recognitionInputSize } from './resize-math.js';
import { recognitionTensorData } from './tensor-layout.js';
import type { Quad, RgbImage } from './types.js';

/** Crops one box out of the image and returns the recogniser's input tensor for it. */
export function recognitionInput(image: RgbImage, box: Quad): ort.Tensor {
  const quad = expandQuad(readingQuad(box), RECOGNITION_MARGIN);
  const crop = quadSize(quad);
  const size = recognitionInputSize(crop.width, crop.height);
  const pixels = sampleQuad(image, quad, size.contentWidth, REC_HEIGHT);
  return new ort.Tensor('float32', recognitionTensorData(pixels, size.tensorWidth), [1, 3, REC_HEIGHT, size.tensorWidth]);
}

/** Recognises the text inside one box; `charset` maps class index → text (see dictionary.ts). */
export async function recognizeBox(
  session: ort.InferenceSession,
  image: RgbImage,
  box: Quad,
  charset: readonly string[],
): Promise<CtcResult> {
  const input = recognitionInput(image, box);
  const inputName = session.inputNames[0] ?? 'x';
  const outputName = session.outputNames[0] ?? '';
  const outputs = await session.run({ [inputName]: input });
  const output = outputs[outputName];
  try {
    if (output?.type !== 'float32' || output.dims.length !== 3) {
      throw new AppError('INTERNAL', 'The OCR recognition model returned no [batch, steps, classes] float32 output.');
    }
    const steps = output.dims[1] ?? 0;
    const classes = output.dims[2] ?? 0;
    if (classes !== charset.length) {
      throw new AppError(
        'MODEL_LOAD_FAILED',
        `The OCR recognition model has ${classes} classes but the dictionary gives ${charset.length}; they do not belong together.`,
      );
    }
    return ctcGreedyDecode(output.data as Float32Array, steps, classes, charset);
  } finally {
    input.dispose();
    for (const tensor of Object.values(outputs)) tensor.dispose();
  }
}
