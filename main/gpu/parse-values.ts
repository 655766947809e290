/**
 * Field parsing shared by the probes. Vendor tools print "[N/A]", "N/A", "[Not Supported]" or an
 * empty field when a value is unknown; all of those become null, never NaN or 0.
 */

const UNKNOWN = /^\[?\s*(n\/a|not supported|unknown|insufficient permissions|gpu is lost|unavailable)\s*\]?$/i;

/** A finite non-negative number, or null for an unknown / unparsable field. */
export function parseNumber(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isFinite(raw) && raw >= 0 ? raw : null;
  if (typeof raw !== 'string') return null;
  const text = raw.trim();
  if (text === '' || UNKNOWN.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 ? value : null;
}

/** A trimmed non-empty string, or null for an unknown field. */
export function parseText(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const text = raw.trim();
  return text === '' || UNKNOWN.test(text) ? null : text;
}

const MIB = 1024 * 1024;

/** MiB (as nvidia-smi prints with nounits) to whole bytes. */
export function mibToBytes(mib: number | null): number | null {
  return mib === null ? null : Math.round(mib * MIB);
}

/** Whole bytes, or null. */
export function toBytes(value: number | null): number | null {
  return value === null ? null : Math.round(value);
}

/** A percentage 0..100 as a 0..1 fraction (clamped: tools do overshoot). */
export function percentToFraction(percent: number | null): number | null {
  return percent === null ? null : Math.min(1, Math.max(0, percent / 100));
}

/** Free memory from total and used, when both are known. */
export function freeFrom(total: number | null, used: number | null): number | null {
  return total === null || used === null ? null : Math.max(0, total - used);
}

/** A JSON object's fields, as the tools print them (a card, an adapter, a display). */
export type JsonObject = Readonly<Record<string, unknown>>;

/** A JSON object: not null, not an array. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The JSON document in a tool's stdout, skipping warning lines printed before or after it (which
 * may themselves contain brackets, like "ERROR: GPU[0] ..."): the document starts on the first line
 * that begins with `{` or `[` and parses.
 */
export function extractJson(stdout: string): unknown {
  const lines = stdout.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    const first = line.trimStart()[0];
    if (first !== '{' && first !== '[') continue;
    const text = lines.slice(index).join('\n');
    const end = text.lastIndexOf(first === '{' ? '}' : ']');
    try {
      return JSON.parse(text.slice(0, end + 1)) as unknown;
    } catch {
      // Not the document (or a broken one); try the next candidate line.
    }
  }
  throw new SyntaxError('no JSON document in the output');
}
