import { isLocalFile, type LocalFile } from '../../../runner/values.js';
import type { BlockProps } from '../types.js';
import { toLocalFile } from './FileDrop.js';

/**
 * Upload and remove for blocks that hold one file (image, audio): replacing the value releases
 * the previous local preview URL, then reports the change and the event. `uploadFile` takes a
 * File made on the page (a capture, a recording, a paste) as if it had been uploaded.
 */
export function singleFileActions(block: BlockProps): {
  readonly upload: (files: readonly LocalFile[]) => void;
  readonly uploadFile: (file: File) => void;
  readonly remove: () => void;
} {
  const replace = (next: unknown): void => {
    if (isLocalFile(block.value)) URL.revokeObjectURL(block.value.previewUrl);
    block.onChange(next);
  };
  const upload = (files: readonly LocalFile[]): void => {
    replace(files[0] ?? null);
    block.onEvent('upload');
  };
  return {
    upload,
    uploadFile: (file) => upload([toLocalFile(file)]),
    remove: () => {
      replace(null);
      block.onEvent('clear');
    },
  };
}
