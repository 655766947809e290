import type { ReactNode } from 'react';
import { useNow } from '../../../runner/use-now.js';
import { formatElapsed } from './recording.js';
import { useRecorder } from './use-recorder.js';

/** Record and Stop, with the elapsed time while recording; the recording goes to `onRecorded`. */
export function AudioRecorder({ onRecorded }: { readonly onRecorded: (file: File) => void }): ReactNode {
  const { state, start, stop } = useRecorder(onRecorded);
  const recording = state.status === 'recording';
  const now = useNow(recording, 200);
  return (
    <div className="recorder" data-testid="recorder">
      <div className="media-actions">
        {recording || state.status === 'finishing' ? (
          <button type="button" className="btn btn--small btn--stop" onClick={stop} disabled={!recording}>
            Stop
          </button>
        ) : (
          <button type="button" className="btn btn--small" onClick={start} disabled={state.status === 'starting'}>
            {state.status === 'failed' ? 'Try again' : 'Record'}
          </button>
        )}
        {recording ? (
          <span className="recording-time" role="timer" aria-label="Recording time">
            <span className="recording-dot" aria-hidden="true" />
            {formatElapsed(now - state.since)}
          </span>
        ) : null}
        {state.status === 'starting' ? <span className="media-status">Starting the microphone…</span> : null}
      </div>
      {state.status === 'failed' ? (
        <p className="media-error" role="alert">
          {state.message}
        </p>
      ) : null}
    </div>
  );
}
