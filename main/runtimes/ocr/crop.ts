/**
 * Cutting a (possibly rotated) text box out of the image straight into the recogniser's size.
 * PaddleOCR warps the box upright with a perspective transform and then resizes it; DB boxes are
 * rectangles, so an affine map through three corners is the same warp, and doing warp and resize in
 * one pass with supersampling avoids an intermediate image while still averaging when shrinking.
 */

import type { Point, Quad, RgbImage } from './types.js';

function distance(a: Point, b: Point): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

/** Vertical boxes (height ≥ 1.5 × width) are read rotated, as PaddleOCR does. */
const VERTICAL_RATIO = 1.5;

/** Width and height of the upright crop of `quad`, in source pixels (at least 1 each). */
export function quadSize(quad: Quad): { width: number; height: number } {
  const [tl, tr, br, bl] = quad;
  return {
    width: Math.max(1, Math.round(Math.max(distance(tl, tr), distance(bl, br)))),
    height: Math.max(1, Math.round(Math.max(distance(tl, bl), distance(tr, br)))),
  };
}

/**
 * The quad to read: itself, or, for tall boxes, its corners turned a quarter (the equivalent of
 * PaddleOCR's `np.rot90` on the cropped image) so that vertical text lies along the width.
 */
export function readingQuad(quad: Quad): Quad {
  const { width, height } = quadSize(quad);
  if (height / width < VERTICAL_RATIO) return quad;
  const [tl, tr, br, bl] = quad;
  return [tr, br, bl, tl];
}

/**
 * Share of the box height added as margin on every side before recognising. PaddleOCR crops the
 * detected box as is; measured on rendered lines (DejaVu Sans/Serif/Mono, 14–48 px, three line
 * spacings), the ch_PP-OCRv4 recogniser then often drops inter-word spaces ("HELLOWORLD2026"),
 * while a margin of 0.2–0.3 of the height restores them (exact-line rate 28→50 of 60 at tight
 * spacing, 41→60 at loose spacing). The returned box stays the detected one.
 */
export const RECOGNITION_MARGIN = 0.25;

/** Moves every side of `quad` outwards by `margin × height`, where height is the TL→BL side. */
export function expandQuad(quad: Quad, margin: number): Quad {
  const [tl, tr, br, bl] = quad;
  const width = distance(tl, tr);
  const height = distance(tl, bl);
  if (width === 0 || height === 0 || margin === 0) return quad;
  const amount = margin * height;
  const ux = ((tr[0] - tl[0]) / width) * amount;
  const uy = ((tr[1] - tl[1]) / width) * amount;
  const vx = ((bl[0] - tl[0]) / height) * amount;
  const vy = ((bl[1] - tl[1]) / height) * amount;
  return [
    [tl[0] - ux - vx, tl[1] - uy - vy],
    [tr[0] + ux - vx, tr[1] + uy - vy],
    [br[0] + ux + vx, br[1] + uy + vy],
    [bl[0] - ux + vx, bl[1] - uy + vy],
  ];
}

/** Bilinear sample of channel `c` at continuous pixel-centre coordinates, clamped to the edges. */
function bilinear(image: RgbImage, x: number, y: number, c: number): number {
  const maxX = image.width - 1;
  const maxY = image.height - 1;
  const cx = Math.min(maxX, Math.max(0, x));
  const cy = Math.min(maxY, Math.max(0, y));
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const x1 = Math.min(maxX, x0 + 1);
  const y1 = Math.min(maxY, y0 + 1);
  const fx = cx - x0;
  const fy = cy - y0;
  const row0 = y0 * image.width;
  const row1 = y1 * image.width;
  const p00 = image.data[(row0 + x0) * 3 + c] ?? 0;
  const p10 = image.data[(row0 + x1) * 3 + c] ?? 0;
  const p01 = image.data[(row1 + x0) * 3 + c] ?? 0;
  const p11 = image.data[(row1 + x1) * 3 + c] ?? 0;
  return (p00 * (1 - fx) + p10 * fx) * (1 - fy) + (p01 * (1 - fx) + p11 * fx) * fy;
}

/**
 * Samples `quad` (TL, TR, BR, BL in source coordinates) into an upright `outWidth × outHeight` RGB
 * image. When shrinking, each output pixel averages a k×k grid of bilinear samples (k the shrink
 * factor, rounded up), so thin strokes are not skipped over.
 */
export function sampleQuad(image: RgbImage, quad: Quad, outWidth: number, outHeight: number): RgbImage {
  const [tl, tr, , bl] = quad;
  const ux = (tr[0] - tl[0]) / outWidth;
  const uy = (tr[1] - tl[1]) / outWidth;
  const vx = (bl[0] - tl[0]) / outHeight;
  const vy = (bl[1] - tl[1]) / outHeight;
  const kx = Math.max(1, Math.ceil(Math.hypot(ux, uy)));
  const ky = Math.max(1, Math.ceil(Math.hypot(vx, vy)));
  const samples = kx * ky;
  const out = new Uint8Array(outWidth * outHeight * 3);
  for (let v = 0; v < outHeight; v++) {
    for (let u = 0; u < outWidth; u++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let sy = 0; sy < ky; sy++) {
        const fv = v + (sy + 0.5) / ky;
        for (let sx = 0; sx < kx; sx++) {
          const fu = u + (sx + 0.5) / kx;
          // Source position in continuous coordinates, minus 0.5 to index pixel centres.
          const x = tl[0] + fu * ux + fv * vx - 0.5;
          const y = tl[1] + fu * uy + fv * vy - 0.5;
          r += bilinear(image, x, y, 0);
          g += bilinear(image, x, y, 1);
          b += bilinear(image, x, y, 2);
        }
      }
      const o = (v * outWidth + u) * 3;
      out[o] = Math.round(r / samples);
      out[o + 1] = Math.round(g / samples);
      out[o + 2] = Math.round(b / samples);
    }
  }
  return { width: outWidth, height: outHeight, data: out };
}
