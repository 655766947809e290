/**
 * Pixels → model inputs. Both PaddleOCR networks were trained on images read by OpenCV, i.e. in
 * BGR channel order, and PaddleOCR's `NormalizeImage` applies its mean/std lists to the channels in
 * that order. We therefore feed B, G, R planes and pair the first mean (0.485) with blue, exactly as
 * PaddleOCR inference does, rather than the RGB pairing the ImageNet constants usually imply.
 */

import type { RgbImage } from './types.js';

/** PaddleOCR det `NormalizeImage` constants, indexed by tensor channel (B, G, R). */
const DET_MEAN = [0.485, 0.456, 0.406] as const;
const DET_STD = [0.229, 0.224, 0.225] as const;
/** Tensor channel c takes source channel BGR_SOURCE[c] of an RGB image. */
const BGR_SOURCE = [2, 1, 0] as const;

/** NCHW float32 data for the detector: (x/255 − mean) / std per channel, BGR planes. */
export function detectionTensorData(image: RgbImage): Float32Array {
  const plane = image.width * image.height;
  const out = new Float32Array(3 * plane);
  for (let c = 0; c < 3; c++) {
    const source = BGR_SOURCE[c] ?? 0;
    const scale = 1 / (255 * (DET_STD[c] ?? 1));
    const shift = (DET_MEAN[c] ?? 0) / (DET_STD[c] ?? 1);
    const base = c * plane;
    for (let i = 0; i < plane; i++) out[base + i] = (image.data[i * 3 + source] ?? 0) * scale - shift;
  }
  return out;
}

/**
 * NCHW float32 data for the recogniser: (x/255 − 0.5)/0.5 in BGR planes, `crop` placed at the left
 * of a `tensorWidth`-wide canvas. The padding stays 0 (mid-grey after normalisation), as
 * PaddleOCR's `resize_norm_img` pads, because that is what the model saw in training.
 */
export function recognitionTensorData(crop: RgbImage, tensorWidth: number): Float32Array {
  if (crop.width > tensorWidth) throw new RangeError('crop is wider than the tensor');
  const { width, height } = crop;
  const plane = tensorWidth * height;
  const out = new Float32Array(3 * plane);
  for (let c = 0; c < 3; c++) {
    const source = BGR_SOURCE[c] ?? 0;
    for (let y = 0; y < height; y++) {
      const rowOut = c * plane + y * tensorWidth;
      const rowIn = y * width;
      for (let x = 0; x < width; x++) out[rowOut + x] = (crop.data[(rowIn + x) * 3 + source] ?? 0) / 127.5 - 1;
    }
  }
  return out;
}
