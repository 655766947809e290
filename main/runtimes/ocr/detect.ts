/**
 * Text detection with PaddleOCR's DB model: resize to multiples of 32, normalise, run, and turn
 * the probability map into boxes in the original image's coordinates.
 */

import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { AppError } from '../../../preload/shared/errors.js';
import { boxesFromProbabilityMap, DEFAULT_DB_OPTIONS } from './db-postprocess.js';
import { detectionInputSize } from './resize-math.js';
import { detectionTensorData } from './tensor-layout.js';
import type { DetectedBox, RgbImage } from './types.js';

export interface DetectOptions {
  /** The longer side of the detector's input, at most (project option `maxSide`). */
  readonly maxSide: number;
  /** Minimum mean probability of a box (project option `boxThreshold`). */
  readonly boxThreshold: number;
}

/** Resizes RGB pixels with sharp (Lanczos: sharper strokes than OpenCV's bilinear, same geometry). */
async function resizeRgb(image: RgbImage, width: number, height: number): Promise<RgbImage> {
  if (image.width === width && image.height === height) return image;
  const data = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(width, height, { fit: 'fill' })
    .raw()
    .toBuffer();
  return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

/** Runs the detector on one image; boxes come back in scan order (sort them for reading). */
export async function detectText(session: ort.InferenceSession, image: RgbImage, options: DetectOptions): Promise<DetectedBox[]> {
  const size = detectionInputSize(image.width, image.height, options.maxSide);
  const resized = await resizeRgb(image, size.width, size.height);
  const input = new ort.Tensor('float32', detectionTensorData(resized), [1, 3, size.height, size.width]);
  const inputName = session.inputNames[0] ?? 'x';
  const outputName = session.outputNames[0] ?? '';
  const outputs = await session.run({ [inputName]: input });
  const output = outputs[outputName];
  try {
    if (output?.type !== 'float32') {
      throw new AppError('INTERNAL', 'The OCR detection model returned no float32 probability map.');
    }
    const dims = output.dims;
    const mapHeight = dims[dims.length - 2] ?? 0;
    const mapWidth = dims[dims.length - 1] ?? 0;
    return boxesFromProbabilityMap(
      {
        map: output.data as Float32Array,
        mapWidth,
        mapHeight,
        sourceWidth: image.width,
        sourceHeight: image.height,
      },
      { ...DEFAULT_DB_OPTIONS, boxThreshold: options.boxThreshold },
    );
  } finally {
    input.dispose();
    for (const tensor of Object.values(outputs)) tensor.dispose();
  }
}
