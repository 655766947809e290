import type { ReactNode } from 'react';
import { fileUrl } from '../../../runner/values.js';
import { BlockFrame } from '../shared/BlockFrame.js';
import { FileDrop } from '../shared/FileDrop.js';
import { singleFileActions } from '../shared/single-file.js';
import { FileLink } from '../shared/FileLink.js';
import { domIds } from '../shared/props.js';
import type { BlockProps } from '../types.js';

/** Audio: upload a file and play it back; an output plays what the function returned. */
export function Audio(block: BlockProps): ReactNode {
  const ids = domIds(block.id);
  const url = fileUrl(block.value);
  const actions = singleFileActions(block);
  return (
    <BlockFrame block={block} variant={block.interactive ? 'field' : 'plain'}>
      {url ? (
        <div className="media-preview">
          <audio className="audio-player" controls src={url} aria-labelledby={ids.label} />
          <FileLink value={block.value} />
          {block.interactive ? (
            <button type="button" className="btn btn--small" onClick={actions.remove}>
              Remove audio
            </button>
          ) : null}
        </div>
      ) : block.interactive ? (
        <FileDrop inputId={ids.input} accept="audio/*" hint="Drop an audio file here or click to choose one" onFiles={actions.upload} />
      ) : (
        <div className="empty">No audio</div>
      )}
    </BlockFrame>
  );
}
