/**
 * "Did you mean": the candidate closest to a mistyped command or option, when one is close
 * enough to be the likely intent (a typo or two, or the start of a longer name), else none.
 */

/** Edits from a to b: insertions, deletions, substitutions and swaps of two neighbours ("prot" → "port" is one). */
function distance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    const above = rows[i - 1] ?? [];
    for (let j = 1; j <= b.length; j++) {
      let cost = Math.min((above[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (above[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cost = Math.min(cost, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      row[j] = cost;
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? 0;
}

export function closest(given: string, candidates: readonly string[]): string | undefined {
  const bare = (name: string): string => name.replace(/^-+/, '');
  const typed = bare(given);
  if (typed.length < 2) return undefined;
  const starts = candidates.filter((candidate) => bare(candidate).startsWith(typed));
  if (starts.length === 1) return starts[0];
  const allowed = Math.max(1, Math.floor(typed.length / 3));
  let best: { name: string; cost: number } | undefined;
  for (const candidate of candidates) {
    const cost = distance(typed, bare(candidate));
    if (cost <= allowed && (best === undefined || cost < best.cost)) best = { name: candidate, cost };
  }
  return best?.name;
}

/** The long options (`--name`) a help text lists. */
export function optionsIn(help: string): string[] {
  return [...new Set(help.match(/--[a-z][a-z0-9-]*/g) ?? [])];
}
