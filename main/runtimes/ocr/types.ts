/** Shared shapes of the OCR pipeline: images, points, boxes and results. */

/** A decoded image: tightly packed 8-bit RGB, row-major, `width * height * 3` bytes. */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** A point in image coordinates (x to the right, y down; pixel i covers [i, i+1)). */
export type Point = readonly [x: number, y: number];

/** Four corners in order top-left, top-right, bottom-right, bottom-left. */
export type Quad = readonly [Point, Point, Point, Point];

/** A rectangle of any orientation: `width` runs along `angle` (radians), `height` across it. */
export interface RotatedRect {
  readonly cx: number;
  readonly cy: number;
  readonly width: number;
  readonly height: number;
  readonly angle: number;
}

/** A detected text region with the mean text probability inside it. */
export interface DetectedBox {
  readonly box: Quad;
  readonly score: number;
}

/** One recognised line of text. */
export interface OcrLine {
  readonly text: string;
  /** Mean probability of the decoded characters, 0..1. */
  readonly confidence: number;
  /** Corners in the original image's pixel coordinates (top-left, top-right, bottom-right, bottom-left). */
  readonly box: [[number, number], [number, number], [number, number], [number, number]];
}

/** What `infer` returns. */
export interface OcrResult {
  /** All lines in reading order, joined by "\n". */
  readonly text: string;
  readonly lines: OcrLine[];
}
