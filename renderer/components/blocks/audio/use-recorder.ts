import { useEffect, useRef, useState } from 'react';
import { captureFileName } from '../shared/capture-name.js';
import { captureErrorMessage } from '../shared/media-errors.js';
import { useMediaStream } from '../shared/use-media-stream.js';
import { pickRecordingType } from './recording.js';

/**
 * A microphone recording with MediaRecorder. The microphone is on from start() until the recording
 * is handed over (stop), and never past an unmount, which discards the recording.
 *
 *   idle ──start──► starting ──granted──► recording ──stop──► finishing ──file──► idle
 *     ▲                 └──denied / no mic──► failed ──start──► starting
 */
export type RecorderState =
  | { readonly status: 'idle' }
  | { readonly status: 'starting' }
  | { readonly status: 'recording'; readonly since: number }
  | { readonly status: 'finishing' }
  | { readonly status: 'failed'; readonly message: string };

type Phase = Extract<RecorderState, { status: 'recording' | 'finishing' | 'failed' }> | null;

export function useRecorder(onRecorded: (file: File) => void): {
  readonly state: RecorderState;
  readonly start: () => void;
  readonly stop: () => void;
} {
  const requests = useRef(0);
  const [request, setRequest] = useState<number | null>(null);
  const stream = useMediaStream('microphone', request);
  const [phase, setPhase] = useState<Phase>(null);
  const recorder = useRef<MediaRecorder | null>(null);
  const latest = useRef(onRecorded);
  useEffect(() => {
    latest.current = onRecorded;
  });

  const live = stream.status === 'live' ? stream.stream : null;
  useEffect(() => {
    if (!live) return undefined;
    const fail = (error: unknown): void => {
      setPhase({ status: 'failed', message: captureErrorMessage(error, 'microphone') });
      setRequest(null);
    };
    let media: MediaRecorder;
    try {
      const type = pickRecordingType((t) => MediaRecorder.isTypeSupported(t));
      media = new MediaRecorder(live, type === undefined ? undefined : { mimeType: type });
    } catch (error) {
      fail(error);
      return undefined;
    }
    const chunks: Blob[] = [];
    let current = true;
    media.ondataavailable = (event) => {
      if (event.data.size > 0) chunks.push(event.data);
    };
    media.onerror = (event) => {
      if (current) fail((event as Event & { error?: unknown }).error ?? new Error('the recorder stopped'));
    };
    media.onstop = () => {
      if (!current) return;
      const type = [media.mimeType, chunks[0]?.type].find((t) => t !== undefined && t !== '') ?? 'audio/webm';
      const blob = new Blob(chunks, { type });
      setRequest(null);
      if (blob.size === 0) {
        setPhase({ status: 'failed', message: 'The recording is empty: the microphone sent no sound data. Try again.' });
        return;
      }
      setPhase(null);
      latest.current(new File([blob], captureFileName('recording', type, new Date()), { type }));
    };
    media.start();
    recorder.current = media;
    setPhase({ status: 'recording', since: Date.now() });
    return () => {
      current = false;
      recorder.current = null;
      if (media.state !== 'inactive') media.stop();
    };
  }, [live]);

  const state: RecorderState =
    phase?.status === 'failed'
      ? phase
      : stream.status === 'failed'
        ? { status: 'failed', message: stream.message }
        : stream.status === 'starting'
          ? { status: 'starting' }
          : (phase ?? { status: 'idle' });
  return {
    state,
    start: () => {
      setPhase(null);
      requests.current += 1;
      setRequest(requests.current);
    },
    stop: () => {
      if (recorder.current?.state !== 'recording') return;
      setPhase({ status: 'finishing' });
      recorder.current.stop();
    },
  };
}
