/**
 * Gradio's wire forms of the two tabular outputs. Functions naturally return rows and
 * `[text, label]` pairs; Gradio sends Dataframe as `{headers, data, metadata}` and HighlightedText
 * as `[{token, class_or_confidence}]`, and clients written for Gradio expect exactly that.
 */

export interface DataframeOutput {
  readonly headers: string[];
  readonly data: unknown[][];
  readonly metadata: null;
}

/** Rows (or an already-shaped `{headers, data}`) → a DataframeOutput; anything else passes through. */
export function toDataframeOutput(value: unknown, propHeaders: unknown): unknown {
  const known = Array.isArray(propHeaders) ? propHeaders.map(String) : null;
  if (Array.isArray(value) && value.every(Array.isArray)) {
    const rows = value as unknown[][];
    const width = Math.max(known?.length ?? 0, ...rows.map((row) => row.length));
    const headers = known ?? Array.from({ length: width }, (_, i) => String(i + 1));
    const shaped: DataframeOutput = { headers, data: rows, metadata: null };
    return shaped;
  }
  if (typeof value === 'object' && value !== null && Array.isArray((value as { data?: unknown }).data)) {
    const shaped = value as { headers?: unknown; data: unknown[][] };
    const headers = Array.isArray(shaped.headers) ? shaped.headers.map(String) : (known ?? []);
    return { headers, data: shaped.data, metadata: null };
  }
  return value;
}

export interface HighlightedSpan {
  readonly token: string;
  readonly class_or_confidence: string | number | null;
}

/** `[text, label]` pairs → HighlightedSpans; other shapes pass through untouched. */
export function toHighlightedOutput(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((item: unknown) => {
    if (!Array.isArray(item)) return item;
    const [token, label] = item as unknown[];
    const klass = typeof label === 'string' || typeof label === 'number' ? label : null;
    const span: HighlightedSpan = { token: typeof token === 'string' ? token : String(token), class_or_confidence: klass };
    return span;
  });
}
