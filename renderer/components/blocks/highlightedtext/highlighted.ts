/** HighlightedText values, from [[text, label], ...] pairs or Gradio's {token, class_or_confidence} dicts. */

export interface Span {
  readonly text: string;
  /** A category name, a score, or null for plain text. */
  readonly label: string | number | null;
}

function span(text: unknown, label: unknown): Span | null {
  if (typeof text !== 'string') return null;
  if (label === null || label === undefined) return { text, label: null };
  if (typeof label === 'string' || typeof label === 'number') return { text, label };
  return { text, label: JSON.stringify(label) };
}

export function parseSpans(value: unknown): Span[] {
  if (!Array.isArray(value)) {
    if (typeof value === 'string') return [{ text: value, label: null }];
    return [];
  }
  return value.flatMap((item: unknown): Span[] => {
    const s = Array.isArray(item)
      ? span(item[0], item[1])
      : typeof item === 'object' && item !== null
        ? span((item as { token?: unknown }).token, (item as { class_or_confidence?: unknown }).class_or_confidence)
        : null;
    return s ? [s] : [];
  });
}

/** Category labels in first-seen order (scores are not categories). */
export function categories(spans: readonly Span[]): string[] {
  const seen: string[] = [];
  for (const s of spans) if (typeof s.label === 'string' && !seen.includes(s.label)) seen.push(s.label);
  return seen;
}

/** A palette slot for a category, stable in first-seen order. */
export function paletteIndex(all: readonly string[], label: string, size = 8): number {
  const i = all.indexOf(label);
  return (i < 0 ? 0 : i) % size;
}
