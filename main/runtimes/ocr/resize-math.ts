/**
 * Size arithmetic for the two networks, kept free of I/O so it can be unit-tested.
 */

/** The detector's feature pyramid downsamples by 32, so both input sides must be multiples of 32. */
const DET_STRIDE = 32;

export interface Size {
  readonly width: number;
  readonly height: number;
}

/**
 * Detection input size, as PaddleOCR's `DetResizeForTest` with `limit_type: "max"`: shrink so the
 * longer side is at most `maxSide` (never enlarge), then round each side to the nearest multiple
 * of 32. Rounding may push the longer side a little past `maxSide` when `maxSide` is not itself a
 * multiple of 32, so we round down in that case to keep the promise "≤ maxSide".
 */
export function detectionInputSize(width: number, height: number, maxSide: number): Size {
  if (!(width > 0 && height > 0)) throw new RangeError(`invalid image size ${width}x${height}`);
  const limit = Math.max(DET_STRIDE, maxSide);
  const ratio = Math.max(width, height) > limit ? limit / Math.max(width, height) : 1;
  const round = (side: number): number => {
    const nearest = Math.max(DET_STRIDE, Math.round((side * ratio) / DET_STRIDE) * DET_STRIDE);
    return nearest > limit ? Math.max(DET_STRIDE, Math.floor(limit / DET_STRIDE) * DET_STRIDE) : nearest;
  };
  return { width: round(width), height: round(height) };
}

/** Recognition input height of PP-OCRv3/v4 rec models. */
export const REC_HEIGHT = 48;
/** PaddleOCR's default rec width (3:20); narrower crops are padded up to it. */
export const REC_MIN_WIDTH = 320;
/** Crops wider than this (ratio > 50:1) are squeezed: keeps one pathological box from exhausting memory. */
export const REC_MAX_WIDTH = 2400;

export interface RecSize {
  /** Width the crop is resized to (keeping its aspect ratio, up to the cap). */
  readonly contentWidth: number;
  /** Width of the tensor: the content plus right padding. */
  readonly tensorWidth: number;
}

/**
 * Recognition input width for one crop, as PaddleOCR's `resize_norm_img` with a batch of one:
 * height 48, width ceil(48 · w/h), padded on the right to at least 320.
 */
export function recognitionInputSize(cropWidth: number, cropHeight: number): RecSize {
  const ratio = cropHeight > 0 ? cropWidth / cropHeight : 1;
  const contentWidth = Math.min(REC_MAX_WIDTH, Math.max(1, Math.ceil(REC_HEIGHT * ratio)));
  return { contentWidth, tensorWidth: Math.max(REC_MIN_WIDTH, contentWidth) };
}
