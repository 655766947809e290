import type { ReactNode } from 'react';
import { fileUrl } from '../../../runner/values.js';
import { BlockFrame } from '../shared/BlockFrame.js';
import { FileDrop } from '../shared/FileDrop.js';
import { singleFileActions } from '../shared/single-file.js';
import { domIds, str } from '../shared/props.js';
import type { BlockProps } from '../types.js';

/** Image: upload (pick or drop) and preview as input; the picture as output. */
export function Image(block: BlockProps): ReactNode {
  const ids = domIds(block.id);
  const url = fileUrl(block.value);
  const alt = str(block.props, 'label') ?? 'Image';
  const actions = singleFileActions(block);
  return (
    <BlockFrame block={block} variant={block.interactive ? 'field' : 'plain'}>
      {url ? (
        <figure className="media-preview">
          <img className="image-preview" src={url} alt={alt} />
          {block.interactive ? (
            <button type="button" className="btn btn--small" onClick={actions.remove}>
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
        <FileDrop inputId={ids.input} accept="image/*" hint="Drop an image here or click to choose one" onFiles={actions.upload} />
      ) : null}
    </BlockFrame>
  );
}
