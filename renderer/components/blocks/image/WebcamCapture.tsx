import { useEffect, useRef, useState, type ReactNode } from 'react';
import { captureFileName } from '../shared/capture-name.js';
import { useMediaStream } from '../shared/use-media-stream.js';
import { captureFrame } from './capture-frame.js';

interface WebcamCaptureProps {
  /** The block's label element, which names the preview. */
  readonly labelledBy: string;
  readonly onCapture: (file: File) => void;
  readonly onClose: () => void;
}

/**
 * A live camera preview with Capture and Cancel. The camera is on while this is mounted: the parent
 * unmounts it after a capture or a cancel, which stops the tracks (use-media-stream.ts).
 */
export function WebcamCapture({ labelledBy, onCapture, onClose }: WebcamCaptureProps): ReactNode {
  const [request, setRequest] = useState(1);
  const stream = useMediaStream('camera', request);
  const video = useRef<HTMLVideoElement>(null);
  const [ready, setReady] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const live = stream.status === 'live' ? stream.stream : null;

  useEffect(() => {
    const element = video.current;
    if (!element) return;
    element.srcObject = live;
    setReady(false);
  }, [live]);

  const capture = (): void => {
    const element = video.current;
    if (!element) return;
    captureFrame(element).then(
      (blob) => onCapture(new File([blob], captureFileName('webcam', blob.type, new Date()), { type: blob.type })),
      (error: unknown) => setProblem(error instanceof Error ? error.message : String(error)),
    );
  };

  const message = stream.status === 'failed' ? stream.message : problem;
  return (
    <div className="webcam" data-testid="webcam">
      <video
        ref={video}
        className={live ? 'webcam-video' : 'webcam-video is-hidden'}
        autoPlay
        muted
        playsInline
        aria-labelledby={labelledBy}
        onLoadedData={(event) => setReady(event.currentTarget.videoWidth > 0)}
      />
      {stream.status === 'starting' ? <p className="media-status">Starting the camera…</p> : null}
      {message ? (
        <p className="media-error" role="alert">
          {message}
        </p>
      ) : null}
      <div className="media-actions">
        {stream.status === 'failed' ? (
          <button type="button" className="btn btn--small" onClick={() => setRequest((n) => n + 1)}>
            Try again
          </button>
        ) : (
          <button type="button" className="btn btn--small btn--primary" disabled={!ready} onClick={capture}>
            Capture
          </button>
        )}
        <button type="button" className="btn btn--small" onClick={onClose}>
          Cancel
        </button>
      </div>
    </div>
  );
}
