import { useRef, useState, type ReactNode } from 'react';
import { fileUrl } from '../../../runner/values.js';
import { BlockFrame } from '../shared/BlockFrame.js';
import { captureFileName } from '../shared/capture-name.js';
import { FileDrop } from '../shared/FileDrop.js';
import { canCaptureMedia, IMAGE_SOURCES, parseSources } from '../shared/media-sources.js';
import { domIds, str } from '../shared/props.js';
import { singleFileActions } from '../shared/single-file.js';
import type { BlockProps } from '../types.js';
import { usePasteImage } from './use-paste.js';
import { WebcamCapture } from './WebcamCapture.js';

/**
 * Image: as an input, upload (pick or drop), paste (Ctrl/Cmd+V) and webcam capture, as its
 * `sources` allow; every way in ends as a LocalFile and fires `change` and `upload`, like an
 * upload. As an output, the picture.
 */
export function Image(block: BlockProps): ReactNode {
  const ids = domIds(block.id);
  const url = fileUrl(block.value);
  const alt = str(block.props, 'label') ?? 'Image';
  const actions = singleFileActions(block);
  const sources = parseSources(block.props.sources, IMAGE_SOURCES);
  const canUpload = block.interactive && sources.has('upload');
  const canPaste = block.interactive && sources.has('clipboard');
  const canWebcam = block.interactive && sources.has('webcam') && canCaptureMedia(navigator);
  const [webcam, setWebcam] = useState(false);
  const root = useRef<HTMLDivElement>(null);

  const onPasted = (file: File): void =>
    actions.uploadFile(file.name !== '' ? file : new File([file], captureFileName('pasted', file.type, new Date()), { type: file.type }));
  const paste = usePasteImage(block.id, root, canPaste, onPasted);

  const preview = url ? (
    <figure className="media-preview">
      <img className="image-preview" src={url} alt={alt} />
      {block.interactive ? (
        <button type="button" className="btn btn--small" onClick={actions.remove}>
          Remove image
        </button>
      ) : null}
    </figure>
  ) : null;

  if (!block.interactive) {
    return (
      <BlockFrame block={block} variant="plain">
        {preview ?? (
          <div className="empty" aria-labelledby={ids.label}>
            No image
          </div>
        )}
      </BlockFrame>
    );
  }

  const hint = canPaste ? 'Drop an image here, paste one or click to choose one' : 'Drop an image here or click to choose one';
  return (
    <BlockFrame block={block} variant={canUpload && !webcam ? 'field' : 'plain'}>
      <div
        ref={root}
        className="media-input"
        data-paste-target={canPaste ? '' : undefined}
        onFocus={paste.onFocus}
        onPointerDown={paste.onFocus}
      >
        {webcam ? (
          <WebcamCapture
            labelledBy={ids.label}
            onCapture={(file) => {
              setWebcam(false);
              actions.uploadFile(file);
            }}
            onClose={() => setWebcam(false)}
          />
        ) : (
          (preview ??
          (canUpload ? (
            <FileDrop inputId={ids.input} accept="image/*" hint={hint} onFiles={actions.upload} />
          ) : canPaste ? (
            <div className="file-drop paste-zone" tabIndex={0} role="group" aria-labelledby={ids.label} data-testid="paste-zone">
              <span className="file-drop-hint">Click here, then paste an image (Ctrl+V or ⌘V)</span>
            </div>
          ) : null))
        )}
        {canWebcam && !webcam ? (
          <div className="media-actions">
            <button type="button" className="btn btn--small" onClick={() => setWebcam(true)}>
              Webcam
            </button>
          </div>
        ) : null}
      </div>
    </BlockFrame>
  );
}
