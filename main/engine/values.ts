/**
 * Neutral values that cross between the server and the engine. Files travel as absolute paths
 * inside directories the server controls (uploads, outputs); the Gradio module converts them
 * to and from FileData.
 */
export interface FileValue {
  readonly kind: 'file';
  readonly path: string;
  readonly origName?: string;
  readonly mimeType?: string;
}

export function isFileValue(value: unknown): value is FileValue {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { kind?: unknown }).kind === 'file' &&
    typeof (value as { path?: unknown }).path === 'string'
  );
}

/** Gradio's Label value: the top label and per-class confidences, highest first. */
export interface LabelValue {
  readonly label: string;
  readonly confidences: readonly { readonly label: string; readonly confidence: number }[];
}
