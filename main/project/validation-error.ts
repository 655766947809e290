import { AppError } from '../common/errors.js';

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

function preview(value: unknown): string {
  // lib.d.ts says string, but undefined, functions and symbols stringify to undefined.
  const text = JSON.stringify(value) as string | undefined;
  if (text === undefined) return String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
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
