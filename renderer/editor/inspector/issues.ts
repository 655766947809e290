import { formatIssue, formatPath, type ProjectIssue } from '../../../preload/shared/project/validation-error.js';
import type { JsonPath } from '../state/json.js';

/**
 * The schema's and the reference checks' issues, placed where they belong: a field shows the
 * issues at its JSON path or under it; the rest of an object's issues show at the object's top.
 */

export function jsonPathText(path: JsonPath): string {
  return formatPath(path);
}

/** Whether `issue` is at `at` or inside it (`$.a.b` is inside `$.a`, `$.ab` is not). */
export function isUnder(issue: ProjectIssue, at: string): boolean {
  return issue.path === at || issue.path.startsWith(`${at}.`) || issue.path.startsWith(`${at}[`);
}

export function issuesUnder(issues: readonly ProjectIssue[], path: JsonPath): ProjectIssue[] {
  const at = jsonPathText(path);
  return issues.filter((issue) => isUnder(issue, at));
}

/** Issues under `path` that none of `fields` (keys directly under it) shows. */
export function otherIssues(issues: readonly ProjectIssue[], path: JsonPath, fields: readonly string[]): ProjectIssue[] {
  const shown = fields.map((key) => jsonPathText([...path, key]));
  return issuesUnder(issues, path).filter((issue) => !shown.some((at) => isUnder(issue, at)));
}

/** The message a field shows: what is wrong, and the value when there was one. */
export function issueText(issue: ProjectIssue): string {
  const text = formatIssue(issue);
  return text.slice(text.indexOf(': ') + 2);
}
