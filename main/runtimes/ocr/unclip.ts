/**
 * DB's "unclip": the network is trained to predict text kernels shrunk by D = A·(1 − r²)/L, so
 * detected regions are grown back by D' = A·ratio/L (A area, L perimeter). PaddleOCR offsets the
 * polygon with pyclipper and then takes its minimum-area rectangle; for the rectangles we unclip,
 * that offset-then-rectangle is exactly "every side moves out by D'", so no polygon library is needed.
 */

import type { RotatedRect } from './types.js';

/**
 * PaddleOCR defaults to 1.5, which leaves boxes flush with the glyphs (the kernel of a 32 px line is
 * ~11 px tall and grows to ~27 px, cap height ~23 px). 2.0, the upper end of the usual 1.5–2.0
 * range, keeps a few pixels of background around each line; together with the recognition margin
 * (crop.ts) that is what keeps word spaces in the recognised text.
 */
export const DEFAULT_UNCLIP_RATIO = 2.0;

/** The distance each side moves outwards when unclipping a `width × height` rectangle. */
export function unclipDistance(width: number, height: number, ratio: number = DEFAULT_UNCLIP_RATIO): number {
  const perimeter = 2 * (width + height);
  return perimeter > 0 ? (width * height * ratio) / perimeter : 0;
}

/** Grows a rectangle by the unclip distance on every side, keeping its centre and angle. */
export function unclipRect(rect: RotatedRect, ratio: number = DEFAULT_UNCLIP_RATIO): RotatedRect {
  const distance = unclipDistance(rect.width, rect.height, ratio);
  return { ...rect, width: rect.width + 2 * distance, height: rect.height + 2 * distance };
}
