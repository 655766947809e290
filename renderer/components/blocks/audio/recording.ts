/** Pure helpers of the microphone recorder: the container to ask for, and the elapsed-time text. */

/** Containers in order of preference: Opus in WebM (Chromium, Firefox), Ogg (Firefox), MP4 (Safari). */
export const RECORDING_TYPES = ['audio/webm;codecs=opus', 'audio/webm', 'audio/ogg;codecs=opus', 'audio/ogg', 'audio/mp4'] as const;

/**
 * The first type MediaRecorder says it supports, or undefined to let the browser choose (the
 * recording's own `mimeType` then says what it made).
 */
export function pickRecordingType(isTypeSupported: (type: string) => boolean): string | undefined {
  return RECORDING_TYPES.find((type) => isTypeSupported(type));
}

/** Elapsed recording time as m:ss (h:mm:ss past an hour); negative times count as zero. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const seconds = String(total % 60).padStart(2, '0');
  const minutes = Math.floor(total / 60) % 60;
  const hours = Math.floor(total / 3600);
  return hours > 0 ? `${String(hours)}:${String(minutes).padStart(2, '0')}:${seconds}` : `${String(minutes)}:${seconds}`;
}
