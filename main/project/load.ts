import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../common/errors.js';
import { decodeUtf8 } from './decode-text.js';
import { depthIssues, nestingIssues, reservedKeyIssues, withoutReservedKeys } from './json-limits.js';
import { migrate } from './migrate.js';
import { checkPaths, type PathOptions } from './project-paths.js';
import type { JsonRecord } from './raw-json.js';
import { checkReferences } from './references.js';
import { project as projectSchema, type Project } from './schema.js';
import { ProjectValidationError, sortIssues, type ProjectIssue } from './validation-error.js';
import { zodIssuesToProjectIssues } from './zod-issues.js';

/** A parsed, validated project and where it lives. */
export interface LoadedProject {
  readonly file: string;
  readonly dir: string;
  readonly project: Project;
}

export type LoadOptions = PathOptions;

/** The outcome of every check on parsed JSON: the project when there is no issue. */
interface Checked {
  /** The migrated JSON the checks read (without `__proto__` keys). */
  readonly json: JsonRecord;
  readonly project: Project | undefined;
  readonly issues: readonly ProjectIssue[];
}

/**
 * Runs the checks in an order that keeps each one safe: the depth limits first (with an explicit
 * stack; everything after them recurses), then the schema and the reference checks side by side,
 * so one run reports both. Throws only for problems that stop the others from running.
 */
function check(input: unknown, file: string): Checked {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new ProjectValidationError(file, [{ path: '$', message: 'expected a JSON object', value: input }]);
  }
  const tooDeep = depthIssues(input);
  if (tooDeep.length > 0) throw new ProjectValidationError(file, tooDeep);
  const reserved = reservedKeyIssues(input);
  const clean = (reserved.length > 0 ? withoutReservedKeys(input) : input) as JsonRecord;
  const json = migrate(clean, file);
  const nested = nestingIssues(json);
  if (nested.length > 0) throw new ProjectValidationError(file, sortIssues([...reserved, ...nested]));
  const result = projectSchema.safeParse(json);
  const schemaIssues = result.success ? [] : zodIssuesToProjectIssues(result.error, json);
  const issues = sortIssues([...reserved, ...schemaIssues, ...checkReferences(json)]);
  return { json, project: issues.length === 0 && result.success ? result.data : undefined, issues };
}

/**
 * Validates already-parsed JSON: limits, schema and references, every issue at once, sorted by
 * JSON path. Throws ProjectValidationError. Files the project names are checked by loadProject.
 */
export function parseProject(input: unknown, file = 'project.json'): Project {
  const { project, issues } = check(input, file);
  if (!project) throw new ProjectValidationError(file, issues);
  return project;
}

async function readText(file: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new AppError('NOT_FOUND', `Cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  const decoded = decodeUtf8(bytes);
  if ('text' in decoded) return decoded.text;
  const hex = decoded.byte.toString(16).padStart(2, '0');
  throw new ProjectValidationError(file, [
    {
      path: '$',
      message:
        `not valid UTF-8: the bytes at offset ${decoded.offset} (line ${decoded.line}, first byte 0x${hex}) are not a UTF-8 ` +
        'character. Save the file as UTF-8',
    },
  ]);
}

/** Reads, migrates and validates a project.json file and the files it names; every problem is reported at once. */
export async function loadProject(file: string, options: LoadOptions = {}): Promise<LoadedProject> {
  const absolute = path.resolve(file);
  const text = await readText(absolute);
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    throw new ProjectValidationError(absolute, [{ path: '$', message: `not valid JSON: ${(error as Error).message}` }]);
  }
  const dir = path.dirname(absolute);
  const { json, project, issues } = check(input, absolute);
  const all = sortIssues([...issues, ...(await checkPaths(json, dir, options))]);
  if (!project || all.length > 0) throw new ProjectValidationError(absolute, all);
  return { file: absolute, dir, project };
}
