import type { z } from 'zod';
import { formatPath, type ProjectIssue } from './validation-error.js';

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/** Gradio's snake_case names users bring along, mapped to ours. */
function camelCase(key: string): string {
  return key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

function valueAt(root: unknown, path: Path): { found: boolean; value?: unknown } {
  let current: unknown = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return { found: false };
    const record = current as Record<PropertyKey, unknown>;
    if (!(key in record)) return { found: false };
    current = record[key];
  }
  return { found: true, value: current };
}

const list = (values: readonly unknown[]): string => values.map((v) => JSON.stringify(v)).join(', ');

/**
 * The discriminator key a union branch failed on (`type`, `kind`, `runtime`), with the values that
 * branch accepts there; undefined when the branch failed on something else. A branch that failed
 * on its discriminator is simply the wrong branch, and its other complaints are noise.
 */
function discriminatorMiss(branch: readonly Issue[]): { key: PropertyKey; values: unknown[] } | undefined {
  for (const issue of branch) {
    const [key] = issue.path;
    if (issue.path.length !== 1 || key === undefined) continue;
    if (issue.code === 'invalid_value') return { key, values: [...issue.values] };
    if (issue.code === 'invalid_union' && issue.errors.length === 0 && 'options' in issue) {
      return { key, values: [...(issue.options ?? [])] };
    }
  }
  return undefined;
}

/**
 * A hint for an unknown key: the camelCase name of a snake_case one, or why a chained event has no
 * trigger. Only a plain snake_case key gets a suggestion: "__proto__" or "_x" would get nonsense.
 */
function keyHint(key: string, path: Path): string {
  if (/^[a-z][a-z0-9]*(_[a-z][a-z0-9]*)+$/.test(key)) return ` (did you mean "${camelCase(key)}"?)`;
  if (key === 'trigger' && path.at(-2) === 'then') return ' (a chained event runs when the one before it ends; it has no trigger)';
  return '';
}

/** `path`: where the issue is, for hints that depend on it. */
function describe(issue: Issue, found: boolean, path: Path = issue.path): string {
  switch (issue.code) {
    case 'invalid_type': {
      // zod calls a map of names ("functions", "models") a record; in JSON it is an object.
      const expected = issue.expected === 'record' ? 'object' : issue.expected;
      return found ? `expected ${expected}` : `missing; expected ${expected}`;
    }
    case 'unrecognized_keys':
      return issue.keys.map((key) => `unknown key "${key}"${keyHint(key, path)}`).join('; ');
    case 'invalid_value':
      return `expected ${issue.values.length === 1 ? '' : 'one of '}${list(issue.values)}`;
    case 'invalid_union': {
      if (issue.errors.length === 0 && 'options' in issue && issue.options) {
        return `unknown ${issue.discriminator ?? 'value'}; expected one of ${list(issue.options)}`;
      }
      const branches = issue.errors.map((branch) =>
        branch.map((inner) => (inner.path.length > 0 ? `${formatPath(inner.path)}: ` : '') + describe(inner, true)),
      );
      return `does not match any allowed form: ${branches.map((b) => `[${b.join(', ')}]`).join(' or ')}`;
    }
    case 'invalid_key':
      return `invalid name: ${issue.issues.map((inner) => describe(inner, true)).join(', ')}`;
    case 'too_big':
    case 'too_small':
    case 'invalid_format':
    case 'not_multiple_of':
    case 'invalid_element':
    case 'custom':
      return issue.message;
  }
}

/**
 * Flattens zod issues into project issues with absolute paths. A union whose branches are told
 * apart by a discriminator (component `type`, function `kind`, model `runtime`, layout vs component)
 * reports the issues of the one branch that matched, or "unknown type" when none did, instead of
 * every branch's complaints.
 */
function flatten(issues: readonly Issue[], prefix: Path, input: unknown, out: ProjectIssue[]): void {
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const misses = issue.errors.map(discriminatorMiss);
      const matched = issue.errors.filter((_, i) => misses[i] === undefined);
      const [only] = matched;
      if (matched.length === 1 && only) {
        flatten(only, path, input, out);
        continue;
      }
      const keys = new Set(misses.map((miss) => miss?.key));
      const [key] = keys;
      if (matched.length === 0 && keys.size === 1 && key !== undefined) {
        const values = [...new Set(misses.flatMap((miss) => miss?.values ?? []))];
        const at = [...path, key];
        const found = valueAt(input, at);
        out.push({
          path: formatPath(at),
          message: found.found ? `unknown ${String(key)}; expected one of ${list(values)}` : `missing; expected one of ${list(values)}`,
          ...(found.found ? { value: found.value } : {}),
        });
        continue;
      }
    }
    const at = valueAt(input, path);
    const message = describe(issue, at.found, path);
    if (issue.code === 'unrecognized_keys' || !at.found) out.push({ path: formatPath(path), message });
    else out.push({ path: formatPath(path), message, value: at.value });
  }
}

/** Converts zod issues into project issues with JSON paths and the offending values. */
export function zodIssuesToProjectIssues(error: z.ZodError, input: unknown): ProjectIssue[] {
  const out: ProjectIssue[] = [];
  flatten(error.issues, [], input, out);
  return out;
}
