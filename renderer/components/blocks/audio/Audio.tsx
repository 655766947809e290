import type { ReactNode } from 'react';
import { fileUrl } from '../../../runner/values.js';
import { BlockFrame } from '../shared/BlockFrame.js';
import { FileDrop } from '../shared/FileDrop.js';
import { FileLink } from '../shared/FileLink.js';
import { AUDIO_SOURCES, canRecordAudio, parseSources } from '../shared/media-sources.js';
import { domIds } from '../shared/props.js';
import { singleFileActions } from '../shared/single-file.js';
import type { BlockProps } from '../types.js';
import { AudioRecorder } from './AudioRecorder.js';

/**
 * Audio: as an input, upload a file or record one with the microphone, as its `sources` allow; a
 * recording is a LocalFile like an upload (`change` and `upload` fire). Plays back what it holds;
 * an output plays what the function returned.
 */
export function Audio(block: BlockProps): ReactNode {
  const ids = domIds(block.id);
  const url = fileUrl(block.value);
  const actions = singleFileActions(block);
  const sources = parseSources(block.props.sources, AUDIO_SOURCES);
  const canUpload = block.interactive && sources.has('upload');
  const canRecord = block.interactive && sources.has('microphone') && canRecordAudio(navigator, globalThis.MediaRecorder);
  return (
    <BlockFrame block={block} variant={canUpload && !url ? 'field' : 'plain'}>
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
      ) : canUpload ? (
        <FileDrop inputId={ids.input} accept="audio/*" hint="Drop an audio file here or click to choose one" onFiles={actions.upload} />
      ) : block.interactive ? null : (
        <div className="empty">No audio</div>
      )}
      {canRecord ? <AudioRecorder onRecorded={actions.uploadFile} /> : null}
    </BlockFrame>
  );
}
