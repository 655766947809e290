/** The OCR runtime's public surface: the factory the worker calls, and the result shape. */

import type { ResolvedModel, Runtime } from '../runtime.js';
import { OcrRuntime } from './ocr-runtime.js';

export type { OcrLine, OcrResult } from './types.js';
export { MIN_LINE_CONFIDENCE } from './ocr-runtime.js';

/** Creates (but does not load) an OCR runtime for a model with `runtime: "ocr"`. */
export function createOcrRuntime(model: ResolvedModel): Runtime {
  return new OcrRuntime(model);
}
