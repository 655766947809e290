import type { ReactNode } from 'react';
import { fileUrl, isLocalFile } from '../../../runner/values.js';
import { BlockFrame } from '../shared/BlockFrame.js';
import { FileDrop } from '../shared/FileDrop.js';
import { domIds, str } from '../shared/props.js';
import type { BlockProps } from '../types.js';

/** Image: upload (pick or drop) and preview as input; the picture as output. */
export function Image(block: BlockProps): ReactNode {
  const ids = domIds(block.id);
  const url = fileUrl(block.value);
  const alt = str(block.props, 'label') ?? 'Image';
  const replace = (next: unknown): void => {
    if (isLocalFile(block.value)) URL.revokeObjectURL(block.value.previewUrl);
    block.onChange(next);
  };
  return (
    <BlockFrame block={block} variant={block.interactive ? 'field' : 'plain'}>
      {url ? (
        <figure className="media-preview">
          <img className="image-preview" src={url} alt={alt} />
          {block.interactive ? (
            <button
              type="button"
              className="btn btn--small"
              onClick={() => {
                replace(null);
                block.onEvent('clear');
              }}
            >
              Remove image
            </button>
          ) : null}
        </figure>
      ) : block.interactive ? null : (
        <div className="empty" aria-labelledby={ids.label}>
          No image
        </div>
      )}
      {block.interactive && !url ? (
        <FileDrop
          inputId={ids.input}
          accept="image/*"
          hint="Drop an image here or click to choose one"
          onFiles={(files) => {
            replace(files[0] ?? null);
            block.onEvent('upload');
          }}
        />
      ) : null}
    </BlockFrame>
  );
}
