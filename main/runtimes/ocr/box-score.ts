/**
 * DB's "fast" box score: the mean text probability over the pixels inside a box. Boxes whose
 * mean falls below `boxThreshold` are noise (a few stray pixels over the binarisation threshold).
 */

import type { Point, Quad } from './types.js';

/**
 * Pixel centres on an edge count, as OpenCV's `fillPoly` fills boundary pixels; the tolerance only
 * absorbs floating-point error (box corners come from pixel centres, so centres land on edges).
 */
const EDGE_TOLERANCE = 1e-6;

/** Signed distance of `p` from the directed edge a→b, positive on the inside of a clockwise (y-down) quad. */
function insideDistance(a: Point, b: Point, p: Point): number {
  const ex = b[0] - a[0];
  const ey = b[1] - a[1];
  const length = Math.hypot(ex, ey);
  if (length === 0) return 0;
  return (ex * (p[1] - a[1]) - ey * (p[0] - a[0])) / length;
}

/**
 * Mean of `map` (`width * height`, row-major, pixel (x, y) centred at (x + 0.5, y + 0.5)) over the
 * pixels whose centre lies in the convex `quad` (ordered TL, TR, BR, BL). Returns 0 if none do.
 */
export function meanInQuad(map: Float32Array, width: number, height: number, quad: Quad): number {
  const xs = quad.map((p) => p[0]);
  const ys = quad.map((p) => p[1]);
  const x0 = Math.max(0, Math.floor(Math.min(...xs) - EDGE_TOLERANCE));
  const x1 = Math.min(width - 1, Math.ceil(Math.max(...xs) + EDGE_TOLERANCE));
  const y0 = Math.max(0, Math.floor(Math.min(...ys) - EDGE_TOLERANCE));
  const y1 = Math.min(height - 1, Math.ceil(Math.max(...ys) + EDGE_TOLERANCE));
  let sum = 0;
  let count = 0;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const p: Point = [x + 0.5, y + 0.5];
      let inside = true;
      for (let i = 0; i < 4 && inside; i++) {
        inside = insideDistance(quad[i] ?? p, quad[(i + 1) % 4] ?? p, p) >= -EDGE_TOLERANCE;
      }
      if (inside) {
        sum += map[y * width + x] ?? 0;
        count++;
      }
    }
  }
  return count > 0 ? sum / count : 0;
}
