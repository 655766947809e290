/**
 * The command palette's filter: the query's characters must appear in order in the label (or a
 * keyword), and matches score higher at word starts and in runs, so "sv" finds "Save" before
 * "Show events" and "undo" finds "Undo" first. Pure and small; no library.
 */

export interface FuzzyMatch<T> {
  readonly item: T;
  readonly score: number;
  /** Indexes of the label's matched characters (empty when a keyword matched), for highlighting. */
  readonly indexes: readonly number[];
}

/** How well `query` matches `text`, with the indexes matched, or null when it does not. */
export function fuzzyScore(query: string, text: string): { score: number; indexes: number[] } | null {
  const q = query.toLowerCase().replace(/\s+/g, '');
  if (q.length === 0) return { score: 0, indexes: [] };
  const t = text.toLowerCase();
  // Jumping to word starts scores better but can skip letters a later query character needs.
  return scoreFrom(q, t, true) ?? scoreFrom(q, t, false);
}

function scoreFrom(q: string, t: string, preferWordStarts: boolean): { score: number; indexes: number[] } | null {
  const indexes: number[] = [];
  let score = 0;
  let from = 0;
  for (const char of q) {
    const at = preferWordStarts ? bestIndex(t, char, from) : t.indexOf(char, from);
    if (at < 0) return null;
    const previous = indexes.at(-1);
    score += 1;
    if (previous !== undefined && at === previous + 1) score += 3;
    if (at === 0 || /[\s._\-/:(]/.test(t.charAt(at - 1))) score += 4;
    indexes.push(at);
    from = at + 1;
  }
  if (t.startsWith(q)) score += 10;
  return { score, indexes };
}

/** The next occurrence of `char` from `from`, preferring one at a word start. */
function bestIndex(text: string, char: string, from: number): number {
  const first = text.indexOf(char, from);
  if (first <= 0) return first;
  for (let i = first; i < text.length; i++) {
    if (text.charAt(i) === char && /[\s._\-/:(]/.test(text.charAt(i - 1))) return i;
  }
  return first;
}

/**
 * The items matching `query`, best first; equal scores keep the items' order (the order commands
 * are registered in: "Save" before "Save as…", the palette's kinds in the palette's order).
 */
export function fuzzyFilter<T>(
  items: readonly T[],
  query: string,
  label: (item: T) => string,
  keywords: (item: T) => readonly string[] = () => [],
): FuzzyMatch<T>[] {
  if (query.trim() === '') return items.map((item) => ({ item, score: 0, indexes: [] }));
  const matches: FuzzyMatch<T>[] = [];
  for (const item of items) {
    const onLabel = fuzzyScore(query, label(item));
    let best: FuzzyMatch<T> | null = onLabel ? { item, score: onLabel.score, indexes: onLabel.indexes } : null;
    for (const word of keywords(item)) {
      const onWord = fuzzyScore(query, word);
      // A keyword match counts a little less than the same match on the label.
      if (onWord && (!best || onWord.score - 1 > best.score)) best = { item, score: onWord.score - 1, indexes: [] };
    }
    if (best) matches.push(best);
  }
  // Array.prototype.sort is stable, so ties stay in the items' order.
  return matches.sort((a, b) => b.score - a.score);
}
