/** Gradio's Label value in the forms servers send, normalized for display. */

export interface Confidence {
  readonly label: string;
  readonly confidence: number;
}

export interface LabelView {
  readonly label: string | null;
  /** Highest first, at most `top` entries. */
  readonly confidences: readonly Confidence[];
}

function confidenceList(raw: unknown): Confidence[] {
  if (Array.isArray(raw)) {
    return raw.flatMap((item: unknown): Confidence[] => {
      if (typeof item !== 'object' || item === null) return [];
      const { label, confidence } = item as { label?: unknown; confidence?: unknown };
      return (typeof label === 'string' || typeof label === 'number') && typeof confidence === 'number'
        ? [{ label: String(label), confidence }]
        : [];
    });
  }
  if (typeof raw === 'object' && raw !== null) {
    // A bare {class: probability} map, as Gradio accepts from Python functions.
    return Object.entries(raw).flatMap(([label, confidence]): Confidence[] =>
      typeof confidence === 'number' ? [{ label, confidence }] : [],
    );
  }
  return [];
}

/** Reads {label, confidences}, a {class: p} map, or a bare string; null means "nothing yet". */
export function labelView(value: unknown, top?: number): LabelView | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number') return { label: String(value), confidences: [] };
  if (typeof value !== 'object') return null;
  const record = value as { label?: unknown; confidences?: unknown };
  const hasShape = 'confidences' in record || 'label' in record;
  const confidences = confidenceList(hasShape ? record.confidences : value).sort((a, b) => b.confidence - a.confidence);
  const explicit = typeof record.label === 'string' || typeof record.label === 'number' ? String(record.label) : null;
  const label = hasShape ? (explicit ?? confidences[0]?.label ?? null) : (confidences[0]?.label ?? null);
  return { label, confidences: top === undefined ? confidences : confidences.slice(0, Math.max(0, top)) };
}

/** 0.8734 → "87%" (one decimal under 10%). */
export function percent(confidence: number): string {
  const p = Math.max(0, Math.min(1, confidence)) * 100;
  return p < 10 && p > 0 ? `${p.toFixed(1)}%` : `${Math.round(p)}%`;
}

/** The CSS width of a confidence bar. */
export function barWidth(confidence: number): string {
  return `${(Math.max(0, Math.min(1, confidence)) * 100).toFixed(1)}%`;
}
