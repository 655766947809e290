/**
 * getUserMedia / MediaRecorder failures as messages that say what to do next. The DOMException
 * names are the standard ones (plus Chromium's older aliases); anything else keeps its own text.
 */

export type CaptureDevice = 'camera' | 'microphone';

function errorName(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const name = (error as { name?: unknown }).name;
    if (typeof name === 'string') return name;
  }
  return '';
}

function errorText(error: unknown): string {
  if (error instanceof Error && error.message !== '') return error.message;
  if (typeof error === 'object' && error !== null) {
    const message = (error as { message?: unknown }).message;
    if (typeof message === 'string' && message !== '') return message;
  }
  return typeof error === 'string' && error !== '' ? error : 'unknown error';
}

/** The inline message for a capture that could not start. */
export function captureErrorMessage(error: unknown, device: CaptureDevice): string {
  const Device = device === 'camera' ? 'Camera' : 'Microphone';
  switch (errorName(error)) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
      return `${Device} access was denied. Allow the ${device} for this page (the browser's site settings, or the system's privacy settings), then try again.`;
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return `No ${device} was found. Connect one and try again.`;
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return `The ${device} could not be started: another program may be using it. Close it and try again.`;
    case 'SecurityError':
      return `The ${device} is only available on a secure page (https, or this computer's own address).`;
    default:
      return `Could not use the ${device}: ${errorText(error)}`;
  }
}
