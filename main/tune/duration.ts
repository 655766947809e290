/** Durations on the command line: `60s`, `500ms`, `2m`, `1.5s`; a bare number is seconds. */

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, min: 60_000, h: 3_600_000 };

/** Milliseconds, or null when `text` is not a positive duration. */
export function parseDuration(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h)?\s*$/.exec(text);
  if (!match) return null;
  const ms = Number(match[1]) * (UNITS[match[2] ?? 's'] ?? 1_000);
  return ms > 0 && Number.isFinite(ms) ? ms : null;
}

export { formatMs } from '../../preload/shared/tune/capacity-text.js';
