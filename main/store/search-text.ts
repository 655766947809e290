/** Longest search_text kept per run: search looks at text, not at megabytes of JSON. */
const MAX_SEARCH_CHARS = 64 * 1024;

/**
 * The text of a run's values for substring search: every string in them (a stored file's name, not
 * its hash), lower-cased, one per line. Keys and numbers are left out: "search in text inputs/outputs".
 */
export function searchText(...values: readonly unknown[]): string {
  const parts: string[] = [];
  let length = 0;
  const visit = (value: unknown): void => {
    if (length > MAX_SEARCH_CHARS) return;
    if (typeof value === 'string') {
      parts.push(value);
      length += value.length + 1;
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item);
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) if (key !== '$file' && key !== 'mime') visit(item);
    }
  };
  for (const value of values) visit(value);
  return parts.join('\n').slice(0, MAX_SEARCH_CHARS).toLowerCase();
}

/** A LIKE pattern that matches `text` anywhere, its own % and _ taken literally (ESCAPE '\'). */
export function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
