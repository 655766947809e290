import { isLocalFile, type LocalFile } from '../../../runner/values.js';
import type { BlockProps } from '../types.js';

/**
 * Upload and remove for blocks that hold one file (image, audio): replacing the value releases
 * the previous local preview URL, then reports the change and the event.
 */
export function singleFileActions(block: BlockProps): {
  readonly upload: (files: readonly LocalFile[]) => void;
  readonly remove: () => void;
} {
  const replace = (next: unknown): void => {
    if (isLocalFile(block.value)) URL.revokeObjectURL(block.value.previewUrl);
    block.onChange(next);
  };
  return {
    upload: (files) => {
      replace(files[0] ?? null);
      block.onEvent('upload');
    },
    remove: () => {
      replace(null);
      block.onEvent('clear');
    },
  };
}
