/**
 * Turns what `infer` receives into RGB pixels: an absolute file path, an encoded image in a
 * Buffer/Uint8Array, or the engine's `{ kind: "file", path }` value.
 */

import { basename, isAbsolute } from 'node:path';
import sharp from 'sharp';
import { AppError } from '../../../preload/shared/errors.js';
import { isFileValue } from '../../engine/values.js';
import type { RgbImage } from './types.js';

/** What a visitor can do about an unreadable image (the formats every browser can show, too). */
const FORMATS = 'Upload a PNG, JPEG, WebP or GIF.';

function describe(input: unknown): string {
  if (Array.isArray(input)) return 'an array';
  return typeof input === 'object' ? 'an object without kind "file"' : typeof input;
}

function sourceOf(input: unknown): string | Uint8Array {
  // What a page or client sends when the image input was left empty: say what to do, not what the API takes.
  if (input === null || input === undefined || input === '') throw new AppError('INVALID_INPUT', `No image was given. ${FORMATS}`);
  if (typeof input === 'string') {
    if (!isAbsolute(input)) throw new AppError('INVALID_INPUT', `OCR expects an absolute image path, got "${input}".`);
    return input;
  }
  if (input instanceof Uint8Array) return input;
  if (isFileValue(input)) return input.path;
  throw new AppError(
    'INVALID_INPUT',
    `OCR expects an image (absolute path, encoded bytes, or { kind: "file", path }), got ${describe(input)}.`,
  );
}

/**
 * Decodes the image, applies its EXIF orientation (a phone photo must be read the way it is shown),
 * and flattens transparency onto white (text drawn on a transparent canvas would otherwise turn
 * into black on black).
 */
export async function decodeImage(input: unknown): Promise<RgbImage> {
  const source = sourceOf(input);
  try {
    const { data, info } = await sharp(source)
      .rotate()
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels instead of 3`);
    return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
  } catch (error) {
    // The file's name, never its path: an upload's path is the server's temp folder.
    const what = typeof source === 'string' ? basename(source) : `${source.length} bytes`;
    throw new AppError('INVALID_INPUT', `That file is not an image (${what}). ${FORMATS}`, { cause: error });
  }
}
