import sharp, { type OutputInfo, type Sharp } from 'sharp';
import { AppError } from '../../../preload/shared/errors.js';
import type { ImagePreprocess } from '../../../preload/shared/project/schema-models.js';

/**
 * The usual image classifier input: decode (sharp), resize to width × height, pick the channel
 * order, then `(pixel * scale - mean[c]) / std[c]` per channel, laid out NCHW or NHWC with a
 * leading batch of 1. `mean` and `std` are given in the model's channel order (for BGR models, the
 * first value is blue's).
 */

/** Raw pixels, row-major, interleaved channels (e.g. from a canvas or another model). */
export interface RawPixels {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 2 | 3 | 4;
}

/** A file path, a `data:` URL, encoded image bytes (PNG, JPEG, WebP...), or raw pixels. */
export type ImageSource = string | Uint8Array | RawPixels;

export function isRawPixels(value: unknown): value is RawPixels {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<RawPixels>;
  return (
    candidate.data instanceof Uint8Array &&
    typeof candidate.width === 'number' &&
    typeof candidate.height === 'number' &&
    typeof candidate.channels === 'number'
  );
}

/** True for values that are images rather than numbers already laid out as a tensor. */
export function isImageSource(value: unknown): value is ImageSource {
  // A Uint8Array (Buffer) is encoded bytes; number arrays and float typed arrays are tensors.
  return typeof value === 'string' || (value instanceof Uint8Array && !(value instanceof Uint8ClampedArray)) || isRawPixels(value);
}

function toSharp(source: ImageSource): Sharp {
  if (isRawPixels(source)) {
    const { width, height, channels } = source;
    return sharp(source.data, { raw: { width, height, channels } });
  }
  if (source instanceof Uint8Array) return sharp(source);
  if (source.startsWith('data:')) {
    const comma = source.indexOf(',');
    if (comma < 0 || !source.slice(0, comma).endsWith(';base64')) {
      throw new AppError('INVALID_INPUT', 'An image data URL must be base64 encoded.');
    }
    return sharp(Buffer.from(source.slice(comma + 1), 'base64'));
  }
  // Nothing is downloaded at run time: a URL here would be a hidden network dependency.
  if (/^https?:\/\//i.test(source)) {
    throw new AppError('INVALID_INPUT', `Image URLs are not fetched; pass a file path or the image bytes (${source}).`);
  }
  return sharp(source);
}

export interface PreprocessedImage {
  readonly dims: readonly [1, number, number, number];
  readonly data: Float32Array;
}

export async function preprocessImage(source: ImageSource, options: ImagePreprocess): Promise<PreprocessedImage> {
  const { width, height, fit, layout, channels, scale, mean, std } = options;
  let decoded: { data: Buffer; info: OutputInfo };
  try {
    let image = toSharp(source).removeAlpha();
    if (channels === 'L') image = image.grayscale();
    decoded = await image
      .resize(width, height, { fit, background: { r: 0, g: 0, b: 0, alpha: 1 } })
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    if (error instanceof AppError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError('INVALID_INPUT', `Could not read the image: ${reason}`, { cause: error });
  }
  const pixels = decoded.data;
  const stride = decoded.info.channels;
  // Source channel for each output channel: RGB keeps the order, BGR reverses it, L takes the luma.
  const order = channels === 'BGR' ? [2, 1, 0] : channels === 'L' ? [0] : [0, 1, 2];
  if (stride < (order.length === 1 ? 1 : 3)) {
    throw new AppError('INVALID_INPUT', `The image has ${stride} channel(s); ${channels} needs ${order.length}.`);
  }
  const planes = order.length;
  const out = new Float32Array(planes * width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const pixel = y * width + x;
      for (let c = 0; c < planes; c++) {
        const raw = pixels[pixel * stride + (order[c] ?? 0)] ?? 0;
        const value = (raw * scale - (mean[c] ?? 0)) / (std[c] ?? 1);
        out[layout === 'NCHW' ? c * width * height + pixel : pixel * planes + c] = value;
      }
    }
  }
  const dims: [1, number, number, number] = layout === 'NCHW' ? [1, planes, height, width] : [1, height, width, planes];
  return { dims, data: out };
}
