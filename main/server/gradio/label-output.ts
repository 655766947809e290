/**
 * Gradio's Label output: `{label, confidences: [{label, confidence}]}`, highest first. Accepts
 * what functions naturally return: a LabelValue, a pipeline's `[{label, score}]`, a
 * `{class: probability}` record, or a bare string.
 */

export interface LabelOutput {
  readonly label: string | null;
  readonly confidences?: { readonly label: string; readonly confidence: number }[];
}

interface Scored {
  readonly label: string;
  readonly confidence: number;
}

function scoredItem(item: unknown): Scored | null {
  if (typeof item !== 'object' || item === null) return null;
  const record = item as { label?: unknown; score?: unknown; confidence?: unknown };
  const confidence = typeof record.confidence === 'number' ? record.confidence : record.score;
  if (typeof record.label !== 'string' || typeof confidence !== 'number') return null;
  return { label: record.label, confidence };
}

function fromScores(scores: Scored[], top: number | undefined, label?: string): LabelOutput {
  const sorted = [...scores].sort((a, b) => b.confidence - a.confidence);
  const confidences = top === undefined ? sorted : sorted.slice(0, top);
  return { label: label ?? sorted[0]?.label ?? null, confidences };
}

export function toLabelOutput(value: unknown, top: number | undefined): LabelOutput | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number') return { label: String(value) };
  if (Array.isArray(value)) {
    const scores = value.map(scoredItem).filter((s): s is Scored => s !== null);
    return fromScores(scores, top);
  }
  if (typeof value === 'object') {
    const record = value as { label?: unknown; confidences?: unknown };
    if (Array.isArray(record.confidences)) {
      const scores = record.confidences.map(scoredItem).filter((s): s is Scored => s !== null);
      return fromScores(scores, top, typeof record.label === 'string' ? record.label : undefined);
    }
    if (typeof record.label === 'string' && Object.keys(value).length === 1) return { label: record.label };
    const scores = Object.entries(value).flatMap(([label, score]) => (typeof score === 'number' ? [{ label, confidence: score }] : []));
    return fromScores(scores, top);
  }
  // Booleans and other scalars: their text is the label.
  return { label: typeof value === 'boolean' ? String(value) : 'unknown' };
}
