import type { z } from 'zod';
import { formatPath, type ProjectIssue } from './validation-error.js';

/** Gradio's snake_case names users bring along, mapped to ours. */
function camelCase(key: string): string {
  return key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

function valueAt(root: unknown, path: readonly PropertyKey[]): { found: boolean; value?: unknown } {
  let current: unknown = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return { found: false };
    const record = current as Record<PropertyKey, unknown>;
    if (!(key in record)) return { found: false };
    current = record[key];
  }
  return { found: true, value: current };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'unrecognized_keys':
      return issue.keys
        .map((key) => {
          const suggestion = key.includes('_') ? ` (did you mean "${camelCase(key)}"?)` : '';
          return `unknown key "${key}"${suggestion}`;
        })
        .join('; ');
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union': {
      const branches = issue.errors.map((branch) =>
        branch.map((inner) => `${formatPath(inner.path)}: ${describeIssue(inner)}`).join(', '),
      );
      return `does not match any allowed form: ${branches.map((b) => `[${b}]`).join(' or ')}`;
    }
    default:
      return issue.message;
  }
}

/** Converts zod issues into project issues with JSON paths and the offending values. */
export function zodIssuesToProjectIssues(error: z.ZodError, input: unknown): ProjectIssue[] {
  return error.issues.map((issue) => {
    const path = formatPath(issue.path);
    const message = describeIssue(issue);
    const at = valueAt(input, issue.path);
    if (issue.code === 'unrecognized_keys' || !at.found) return { path, message };
    return { path, message, value: at.value };
  });
}
