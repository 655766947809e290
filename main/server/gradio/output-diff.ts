/**
 * Edits for intermediate generator outputs (sse_v2+, doc §1.8). After the first full message each
 * output travels as a list of `[action, path, value]` edits. A string that grew by a suffix (a
 * token stream) becomes one `append`; anything else is replaced whole, which both clients accept.
 */
export type Edit = ['replace' | 'append', (string | number)[], unknown];

export function diffValue(previous: unknown, next: unknown): Edit[] {
  if (JSON.stringify(previous) === JSON.stringify(next)) return [];
  if (typeof previous === 'string' && typeof next === 'string' && next.startsWith(previous)) {
    return [['append', [], next.slice(previous.length)]];
  }
  return [['replace', [], next]];
}

/** Tracks the last values sent for one event; the first call returns full values, later calls edits. */
export class OutputDiffer {
  private previous: unknown[] | null = null;

  next(values: readonly unknown[]): unknown[] {
    const prior = this.previous;
    // A snapshot, not references: an engine may mutate and resend the same object.
    this.previous = JSON.parse(JSON.stringify(values)) as unknown[];
    if (prior === null) return [...values];
    return values.map((value, i) => diffValue(i < prior.length ? prior[i] : null, value));
  }
}
