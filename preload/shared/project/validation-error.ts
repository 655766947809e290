import { AppError } from '../errors.js';

/** One problem in a project file: where (JSON path), what was there, and what was expected. */
export interface ProjectIssue {
  /** JSONPath-like location, e.g. `$.ui.events[0].fn`. */
  readonly path: string;
  readonly message: string;
  /** The offending value, when there is one (absent for missing keys). */
  readonly value?: unknown;
}

/** "one of "a", "b"" for a message about an unknown name, or "none defined". */
export function knownNames(names: readonly string[]): string {
  return names.length > 0 ? `one of ${names.map((n) => JSON.stringify(n)).join(', ')}` : 'none defined';
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/**
 * A path to somewhere very deep (a value nested hundreds of levels) with its middle left out, so
 * the message stays one readable line: `$.ui.children[0].children[0]…(120 more)….children[0]`.
 */
export function formatLongPath(path: readonly PropertyKey[], keep = 6): string {
  if (path.length <= keep * 2) return formatPath(path);
  const tail = formatPath(path.slice(-keep)).slice(1);
  return `${formatPath(path.slice(0, keep))}…(${path.length - keep * 2} more)…${tail}`;
}

function preview(value: unknown): string {
  // lib.d.ts says string, but undefined, functions and symbols stringify to undefined.
  let text: unknown;
  try {
    text = JSON.stringify(value);
  } catch {
    // A value too deep to stringify (the depth check stops those first; this is the last guard).
    return Array.isArray(value) ? '[...]' : '{...}';
  }
  if (typeof text !== 'string') return String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Orders JSON paths as a reader meets them in a sorted listing, numbers by value: `[2]` before `[10]`. */
export function comparePaths(a: string, b: string): number {
  const split = (path: string): string[] => path.split(/(\d+)/);
  const left = split(a);
  const right = split(b);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const x = left[i] ?? '';
    const y = right[i] ?? '';
    if (x === y) continue;
    // split() with a capture group puts the digit runs at the odd indices.
    if (i % 2 === 1) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return left.length - right.length;
}

/** Every issue once (same path and message), sorted by JSON path; issues at one path keep their order. */
export function sortIssues(issues: readonly ProjectIssue[]): ProjectIssue[] {
  const seen = new Set<string>();
  const unique = issues.filter((issue) => {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort((a, b) => comparePaths(a.path, b.path));
}

export function formatIssue(issue: ProjectIssue): string {
  const got = 'value' in issue ? ` (got ${preview(issue.value)})` : '';
  return `${issue.path}: ${issue.message}${got}`;
}

/** Thrown when a project file is invalid; carries every issue found, not only the first. */
export class ProjectValidationError extends AppError {
  override readonly name = 'ProjectValidationError';
  constructor(
    readonly file: string,
    readonly issues: readonly ProjectIssue[],
  ) {
    super(
      'INVALID_PROJECT',
      `${file} is not a valid project (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n` +
        issues.map((issue) => `  - ${formatIssue(issue)}`).join('\n'),
    );
  }
}
