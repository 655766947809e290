import { depthIssues, nestingIssues, reservedKeyIssues, withoutReservedKeys } from './json-limits.js';
import { migrate } from './migrate.js';
import type { JsonRecord } from './raw-json.js';
import { checkReferences } from './references.js';
import { project as projectSchema, type Project } from './schema.js';
import { ProjectValidationError, sortIssues, type ProjectIssue } from './validation-error.js';
import { zodIssuesToProjectIssues } from './zod-issues.js';

/**
 * Every check of a project that needs no file system, in one place for the server, the CLI and the
 * editor in the renderer: one schema, one set of messages.
 */

/** The outcome of every check on parsed JSON: the project when there is no issue. */
export interface CheckedProject {
  /** The migrated JSON the checks read (without `__proto__` keys); absent when a check stopped the rest. */
  readonly json: JsonRecord | undefined;
  readonly project: Project | undefined;
  /** Every problem found, sorted by JSON path. */
  readonly issues: readonly ProjectIssue[];
}

/**
 * Runs the checks in an order that keeps each one safe: the depth limits first (with an explicit
 * stack; everything after them recurses), then the schema and the reference checks side by side,
 * so one run reports both. Never throws for a bad project: a problem that stops the later checks
 * (not an object, too deep, a version from the future) is the only issue reported.
 */
export function checkProject(input: unknown, file = 'project.json'): CheckedProject {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return stopped([{ path: '$', message: 'expected a JSON object', value: input }]);
  }
  const tooDeep = depthIssues(input);
  if (tooDeep.length > 0) return stopped(tooDeep);
  const reserved = reservedKeyIssues(input);
  const clean = (reserved.length > 0 ? withoutReservedKeys(input) : input) as JsonRecord;
  let json: JsonRecord;
  try {
    json = migrate(clean, file);
  } catch (error) {
    if (error instanceof ProjectValidationError) return stopped([...reserved, ...error.issues]);
    throw error;
  }
  const nested = nestingIssues(json);
  if (nested.length > 0) return stopped([...reserved, ...nested]);
  const result = projectSchema.safeParse(json);
  const schemaIssues = result.success ? [] : zodIssuesToProjectIssues(result.error, json);
  const issues = sortIssues([...reserved, ...schemaIssues, ...checkReferences(json)]);
  return { json, project: issues.length === 0 && result.success ? result.data : undefined, issues };
}

function stopped(issues: readonly ProjectIssue[]): CheckedProject {
  return { json: undefined, project: undefined, issues: sortIssues(issues) };
}

/**
 * Validates already-parsed JSON: limits, schema and references, every issue at once, sorted by
 * JSON path. Throws ProjectValidationError. Files the project names are checked by loadProject.
 */
export function parseProject(input: unknown, file = 'project.json'): Project {
  const { project, issues } = checkProject(input, file);
  if (!project) throw new ProjectValidationError(file, issues);
  return project;
}
