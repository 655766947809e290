import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../common/errors.js';
import { migrate } from './migrate.js';
import { checkReferences } from './references.js';
import { project as projectSchema, type Project } from './schema.js';
import { ProjectValidationError, type ProjectIssue } from './validation-error.js';
import { zodIssuesToProjectIssues } from './zod-issues.js';

/** A parsed, validated project and where it lives. */
export interface LoadedProject {
  readonly file: string;
  readonly dir: string;
  readonly project: Project;
}

/** Validates already-parsed JSON: schema, then references. Throws ProjectValidationError with every issue. */
export function parseProject(input: unknown, file = 'project.json'): Project {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new ProjectValidationError(file, [{ path: '$', message: 'expected a JSON object', value: input }]);
  }
  const migrated = migrate(input as Record<string, unknown>, file);
  const result = projectSchema.safeParse(migrated);
  if (!result.success) {
    throw new ProjectValidationError(file, zodIssuesToProjectIssues(result.error, migrated));
  }
  const issues = checkReferences(result.data);
  if (issues.length > 0) throw new ProjectValidationError(file, issues);
  return result.data;
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/** Checks that files the project names (model paths, JS modules) exist next to it. */
export async function checkFiles(project: Project, dir: string): Promise<ProjectIssue[]> {
  const issues: ProjectIssue[] = [];
  for (const [name, model] of Object.entries(project.models)) {
    if ('path' in model.source && !(await exists(path.resolve(dir, model.source.path)))) {
      issues.push({
        path: `$.models.${name}.source.path`,
        message: `no such file or folder next to project.json (looked at ${path.resolve(dir, model.source.path)})`,
        value: model.source.path,
      });
    }
  }
  for (const [name, fn] of Object.entries(project.functions)) {
    if (fn.kind === 'js' && !(await exists(path.resolve(dir, fn.module)))) {
      issues.push({
        path: `$.functions.${name}.module`,
        message: `no such module next to project.json (looked at ${path.resolve(dir, fn.module)})`,
        value: fn.module,
      });
    }
  }
  return issues;
}

/** Reads, migrates and validates a project.json file; every problem is reported at once. */
export async function loadProject(file: string): Promise<LoadedProject> {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    throw new AppError('NOT_FOUND', `Cannot read ${absolute}: ${(error as Error).message}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ProjectValidationError(absolute, [{ path: '$', message: `not valid JSON: ${(error as Error).message}` }]);
  }
  const project = parseProject(json, absolute);
  const dir = path.dirname(absolute);
  const fileIssues = await checkFiles(project, dir);
  if (fileIssues.length > 0) throw new ProjectValidationError(absolute, fileIssues);
  return { file: absolute, dir, project };
}
