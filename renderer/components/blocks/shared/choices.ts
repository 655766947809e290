/** Gradio sends choices as [display, value] pairs; bare values are accepted too. */
export interface Choice {
  readonly label: string;
  readonly value: string | number;
}

export function parseChoices(raw: unknown): Choice[] {
  if (!Array.isArray(raw)) return [];
  const out: Choice[] = [];
  for (const item of raw) {
    if (Array.isArray(item) && item.length === 2 && (typeof item[1] === 'string' || typeof item[1] === 'number')) {
      out.push({ label: String(item[0]), value: item[1] });
    } else if (typeof item === 'string' || typeof item === 'number') {
      out.push({ label: String(item), value: item });
    }
  }
  return out;
}

/** Index of a value among the choices (by strict equality), or -1. */
export function choiceIndex(choices: readonly Choice[], value: unknown): number {
  return choices.findIndex((c) => c.value === value);
}
