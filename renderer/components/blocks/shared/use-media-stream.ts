import { useEffect, useState } from 'react';
import { captureErrorMessage, type CaptureDevice } from './media-errors.js';

/**
 * A camera or microphone stream held while a request is open. Invariant: every track this hook
 * obtained is stopped once the request closes (null), a new request replaces it, or the component
 * unmounts, including a stream that arrives after that (a slow permission prompt).
 *
 *   idle ──request──► starting ──granted──► live ──close / new request / unmount──► (tracks stopped)
 *                         └──denied / no device──► failed
 */
export type StreamState =
  | { readonly status: 'idle' }
  | { readonly status: 'starting' }
  | { readonly status: 'live'; readonly stream: MediaStream }
  | { readonly status: 'failed'; readonly message: string };

const IDLE: StreamState = { status: 'idle' };

export function stopTracks(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}

function constraintsFor(device: CaptureDevice): MediaStreamConstraints {
  return device === 'camera' ? { video: true, audio: false } : { audio: true, video: false };
}

/** `request`: null while closed; a new number opens a new stream (a retry after a failure). */
export function useMediaStream(device: CaptureDevice, request: number | null): StreamState {
  const [state, setState] = useState<{ readonly request: number | null; readonly stream: StreamState }>({ request: null, stream: IDLE });
  useEffect(() => {
    if (request === null) return undefined;
    let open = true;
    let held: MediaStream | null = null;
    setState({ request, stream: { status: 'starting' } });
    // Through a promise so that a synchronous throw (no mediaDevices) also ends in `failed`.
    Promise.resolve()
      .then(() => navigator.mediaDevices.getUserMedia(constraintsFor(device)))
      .then(
        (stream) => {
          if (!open) {
            stopTracks(stream);
            return;
          }
          held = stream;
          setState({ request, stream: { status: 'live', stream } });
        },
        (error: unknown) => {
          if (open) setState({ request, stream: { status: 'failed', message: captureErrorMessage(error, device) } });
        },
      );
    return () => {
      open = false;
      if (held) stopTracks(held);
    };
  }, [device, request]);
  // A state left from an older request is not this request's.
  return request !== null && state.request === request ? state.stream : request === null ? IDLE : { status: 'starting' };
}
