import { describe, expect, it } from 'vitest';
import { formatElapsed, pickRecordingType, RECORDING_TYPES } from '../../renderer/components/blocks/audio/recording.js';
import { clipboardImage, type ClipboardItemLike } from '../../renderer/components/blocks/image/clipboard-image.js';
import { PasteRouter } from '../../renderer/components/blocks/image/paste-router.js';
import { baseMimeType, captureFileName } from '../../renderer/components/blocks/shared/capture-name.js';
import { captureErrorMessage } from '../../renderer/components/blocks/shared/media-errors.js';
import {
  AUDIO_SOURCES,
  canCaptureMedia,
  canRecordAudio,
  IMAGE_SOURCES,
  parseSources,
} from '../../renderer/components/blocks/shared/media-sources.js';

describe('parseSources', () => {
  it('defaults to every source, like Gradio, when the prop is missing or not a list', () => {
    expect([...parseSources(undefined, IMAGE_SOURCES)]).toEqual(['upload', 'webcam', 'clipboard']);
    expect([...parseSources(null, AUDIO_SOURCES)]).toEqual(['upload', 'microphone']);
    expect([...parseSources('webcam', IMAGE_SOURCES)]).toEqual(['upload', 'webcam', 'clipboard']);
  });

  it('keeps only the named sources this kind knows, in the default order', () => {
    expect([...parseSources(['clipboard', 'webcam'], IMAGE_SOURCES)]).toEqual(['webcam', 'clipboard']);
    expect([...parseSources(['microphone', 'webcam', 3], AUDIO_SOURCES)]).toEqual(['microphone']);
    expect(parseSources([], IMAGE_SOURCES).size).toBe(0);
  });
});

describe('capture support', () => {
  const getUserMedia = (): Promise<never> => Promise.reject(new Error('unused'));

  it('needs getUserMedia (missing on plain-http pages) and, to record, MediaRecorder', () => {
    expect(canCaptureMedia({ mediaDevices: { getUserMedia } })).toBe(true);
    expect(canCaptureMedia({})).toBe(false);
    expect(canCaptureMedia({ mediaDevices: {} })).toBe(false);
    expect(canCaptureMedia(undefined)).toBe(false);
    const FakeRecorder = (): void => undefined;
    expect(canRecordAudio({ mediaDevices: { getUserMedia } }, FakeRecorder)).toBe(true);
    expect(canRecordAudio({ mediaDevices: { getUserMedia } }, undefined)).toBe(false);
    expect(canRecordAudio({}, FakeRecorder)).toBe(false);
  });
});

describe('captureErrorMessage', () => {
  const named = (name: string, message = ''): Error => Object.assign(new Error(message), { name });

  it('says what to do for a denied permission, a missing device and a busy one', () => {
    expect(captureErrorMessage(named('NotAllowedError', 'Permission denied'), 'camera')).toMatch(
      /^Camera access was denied\. Allow the camera/,
    );
    expect(captureErrorMessage(named('PermissionDeniedError'), 'microphone')).toMatch(/^Microphone access was denied/);
    expect(captureErrorMessage(named('NotFoundError', 'Requested device not found'), 'camera')).toBe(
      'No camera was found. Connect one and try again.',
    );
    expect(captureErrorMessage(named('OverconstrainedError'), 'microphone')).toBe('No microphone was found. Connect one and try again.');
    expect(captureErrorMessage(named('NotReadableError'), 'camera')).toMatch(/another program may be using it/);
    expect(captureErrorMessage(named('SecurityError'), 'camera')).toMatch(/secure page/);
  });

  it('keeps the text of anything else', () => {
    expect(captureErrorMessage(new TypeError('mediaDevices is undefined'), 'camera')).toBe(
      'Could not use the camera: mediaDevices is undefined',
    );
    expect(captureErrorMessage('odd', 'microphone')).toBe('Could not use the microphone: odd');
    expect(captureErrorMessage(undefined, 'microphone')).toBe('Could not use the microphone: unknown error');
  });
});

describe('captureFileName', () => {
  const at = new Date(2025, 0, 2, 9, 5, 7);

  it('stamps the local time and picks the extension from the MIME type', () => {
    expect(captureFileName('webcam', 'image/png', at)).toBe('webcam-20250102-090507.png');
    expect(captureFileName('recording', 'audio/webm;codecs=opus', at)).toBe('recording-20250102-090507.webm');
    expect(captureFileName('recording', 'audio/ogg; codecs=opus', at)).toBe('recording-20250102-090507.ogg');
    expect(captureFileName('recording', 'audio/mp4', at)).toBe('recording-20250102-090507.m4a');
    expect(captureFileName('pasted', 'application/x-unknown', at)).toBe('pasted-20250102-090507.bin');
    expect(baseMimeType(' Audio/WebM ;codecs=opus')).toBe('audio/webm');
  });
});

describe('clipboardImage', () => {
  const png = new File([new Uint8Array([137, 80, 78, 71])], 'image.png', { type: 'image/png' });
  const item = (kind: string, type: string, file: File | null): ClipboardItemLike => ({ kind, type, getAsFile: () => file });

  it('takes the first image file item, skipping text', () => {
    const items = [item('string', 'text/plain', null), item('file', 'image/png', png)];
    expect(clipboardImage({ items })).toBe(png);
  });

  it('falls back to the file list and returns null without an image', () => {
    const pdf = new File(['%PDF'], 'a.pdf', { type: 'application/pdf' });
    expect(clipboardImage({ items: [], files: [pdf, png] })).toBe(png);
    expect(clipboardImage({ items: [item('string', 'text/plain', null)], files: [pdf] })).toBeNull();
    expect(clipboardImage({ items: [item('file', 'image/png', null)] })).toBeNull();
    expect(clipboardImage(null)).toBeNull();
  });
});

describe('PasteRouter', () => {
  it('sends page-level pastes to the only image input, or to the one focused last', () => {
    const router = new PasteRouter();
    expect(router.target()).toBeNull();
    const leaveA = router.join(1);
    expect(router.target()).toBe(1);
    const leaveB = router.join(2);
    // Two inputs and none chosen: a paste on the page is ambiguous.
    expect(router.target()).toBeNull();
    router.focus(2);
    expect(router.target()).toBe(2);
    router.focus(1);
    expect(router.target()).toBe(1);
    leaveA();
    expect(router.target()).toBe(2);
    leaveB();
    expect(router.target()).toBeNull();
  });

  it('ignores focus on inputs that take no pastes', () => {
    const router = new PasteRouter();
    router.join(1);
    router.join(2);
    router.focus(7);
    expect(router.target()).toBeNull();
  });
});

describe('recording helpers', () => {
  it('asks for the first container the browser supports, or lets it choose', () => {
    expect(pickRecordingType(() => true)).toBe('audio/webm;codecs=opus');
    expect(pickRecordingType((type) => type.startsWith('audio/ogg'))).toBe('audio/ogg;codecs=opus');
    expect(pickRecordingType((type) => type === 'audio/mp4')).toBe('audio/mp4');
    expect(pickRecordingType(() => false)).toBeUndefined();
    expect(RECORDING_TYPES[0]).toBe('audio/webm;codecs=opus');
  });

  it('shows elapsed time as m:ss, h:mm:ss past an hour', () => {
    expect(formatElapsed(0)).toBe('0:00');
    expect(formatElapsed(999)).toBe('0:00');
    expect(formatElapsed(1_000)).toBe('0:01');
    expect(formatElapsed(65_400)).toBe('1:05');
    expect(formatElapsed(3_600_000 + 61_000)).toBe('1:01:01');
    expect(formatElapsed(-50)).toBe('0:00');
  });
});
