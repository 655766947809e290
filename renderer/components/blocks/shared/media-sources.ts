/**
 * Where an image or audio input may take its value from (Gradio's `sources` prop) and whether this
 * browser can capture at all. Pure: the browser objects are passed in.
 */

export type ImageSource = 'upload' | 'webcam' | 'clipboard';
export type AudioSource = 'upload' | 'microphone';

/** Gradio's defaults: every source. */
export const IMAGE_SOURCES: readonly ImageSource[] = ['upload', 'webcam', 'clipboard'];
export const AUDIO_SOURCES: readonly AudioSource[] = ['upload', 'microphone'];

/**
 * The sources named in `props.sources` that this kind knows, in the default order. A missing or
 * malformed prop means every source; a list naming none this kind knows means none.
 */
export function parseSources<S extends string>(raw: unknown, known: readonly S[]): ReadonlySet<S> {
  if (!Array.isArray(raw)) return new Set(known);
  const named = new Set(raw.filter((item): item is string => typeof item === 'string'));
  return new Set(known.filter((source) => named.has(source)));
}

/** The parts of `navigator` that capture needs (undefined outside secure contexts). */
export interface CaptureNavigator {
  readonly mediaDevices?: { readonly getUserMedia?: unknown } | undefined;
}

/** Whether getUserMedia exists: browsers hide it on plain-http pages other than localhost. */
export function canCaptureMedia(nav: CaptureNavigator | undefined): boolean {
  return typeof nav?.mediaDevices?.getUserMedia === 'function';
}

/** Recording needs getUserMedia and MediaRecorder. */
export function canRecordAudio(nav: CaptureNavigator | undefined, mediaRecorder: unknown): boolean {
  return canCaptureMedia(nav) && typeof mediaRecorder === 'function';
}
