import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { bundledPath } from '../common/package-root.js';
import { isFile } from '../common/path-kind.js';
import { asRecord, asString, type JsonRecord } from '../../preload/shared/project/raw-json.js';
import { formatPath, type ProjectIssue } from '../../preload/shared/project/validation-error.js';

/**
 * Checks of the files a project names: model `source.path` (and `file` inside it) and JS function
 * `module`s must exist and, unless the user allows otherwise, lie inside the project folder,
 * judged on real paths (a symbolic link that leads out counts as leading out). Hub sources name
 * folders of the model cache, so their `revision` and `file` may not climb out of it either.
 * Reads raw JSON, so these problems are listed with the schema's in one run.
 */

export interface PathOptions {
  /** Accept model and module paths outside the project folder (`--allow-outside-project`). */
  readonly allowOutsideProject?: boolean;
  /** Folders trusted besides the project's: default the models that ship with demo-desktop. */
  readonly trustedFolders?: readonly string[];
}

export const ALLOW_OUTSIDE_HINT = 'move it into the project folder, or allow paths outside it with --allow-outside-project';

interface Target {
  readonly at: readonly PropertyKey[];
  readonly value: string;
  readonly absolute: string;
  readonly what: string;
}

/** Whether `child` is `parent` or lies below it (both absolute and resolved). */
export function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/** A relative path that stays below the folder it is relative to, e.g. "onnx/model.onnx". */
function staysInside(relative: string): boolean {
  return !path.isAbsolute(relative) && !relative.split(/[\\/]/).includes('..');
}

async function real(file: string): Promise<string | undefined> {
  try {
    return await realpath(file);
  } catch {
    return undefined;
  }
}

function defaultTrustedFolders(): string[] {
  return [bundledPath('models')];
}

/** Hub repo ids and revisions become cache folder names: no "." or ".." parts. */
function hubIssues(name: string, source: JsonRecord): ProjectIssue[] {
  const issues: ProjectIssue[] = [];
  for (const key of ['hub', 'revision'] as const) {
    const value = asString(source[key]);
    if (value !== undefined && (path.isAbsolute(value) || value.split(/[\\/]/).some((part) => part === '.' || part === '..'))) {
      issues.push({
        path: formatPath(['models', name, 'source', key]),
        message: 'may not contain "." or ".." parts or start with "/": it names a folder of the model cache',
        value,
      });
    }
  }
  return issues;
}

/** Every file a model names, with the lexical problems found on the way. */
function modelTargets(name: string, model: JsonRecord, dir: string, issues: ProjectIssue[]): Target[] {
  const source = asRecord(model.source);
  if (source) issues.push(...hubIssues(name, source));
  const file = asString(model.file);
  if (file !== undefined && !staysInside(file)) {
    issues.push({
      path: formatPath(['models', name, 'file']),
      message: 'must be a relative path inside the model\'s folder, such as "onnx/model.onnx"',
      value: file,
    });
  }
  const local = asString(source?.path);
  if (local === undefined) return [];
  const absolute = path.resolve(dir, local);
  return [{ at: ['models', name, 'source', 'path'], value: local, absolute, what: 'file or folder' }];
}

function targetsOf(project: JsonRecord, dir: string, issues: ProjectIssue[]): Target[] {
  const targets: Target[] = [];
  for (const [name, model] of Object.entries(asRecord(project.models) ?? {})) {
    targets.push(...modelTargets(name, asRecord(model) ?? {}, dir, issues));
  }
  for (const [name, fn] of Object.entries(asRecord(project.functions) ?? {})) {
    const record = asRecord(fn);
    const module = record?.kind === 'js' ? asString(record.module) : undefined;
    if (module !== undefined) {
      targets.push({ at: ['functions', name, 'module'], value: module, absolute: path.resolve(dir, module), what: 'module' });
    }
  }
  return targets;
}

/** Missing files and files outside the project folder (and the trusted folders), with their JSON paths. */
export async function checkPaths(project: JsonRecord, dir: string, options: PathOptions = {}): Promise<ProjectIssue[]> {
  const issues: ProjectIssue[] = [];
  const targets = targetsOf(project, dir, issues);
  const realDir = (await real(dir)) ?? path.resolve(dir);
  const trusted = (await Promise.all((options.trustedFolders ?? defaultTrustedFolders()).map(real))).filter((f) => f !== undefined);
  for (const target of targets) {
    const found = await real(target.absolute);
    if (found === undefined) {
      issues.push({
        path: formatPath(target.at),
        message: `no such ${target.what} next to project.json (looked at ${target.absolute})`,
        value: target.value,
      });
    } else if (!options.allowOutsideProject && ![realDir, ...trusted].some((folder) => isInside(folder, found))) {
      const via = found === target.absolute ? '' : ` (through a symbolic link: it is ${found})`;
      issues.push({
        path: formatPath(target.at),
        message: `leaves the project folder ${realDir}${via}; ${ALLOW_OUTSIDE_HINT}`,
        value: target.value,
      });
    } else if (target.what === 'module' && !(await isFile(found))) {
      // A folder passes every check above, and fails only when a run imports it.
      issues.push({
        path: formatPath(target.at),
        message: `is a folder (${found}), not a JS module: name its .js or .mjs file`,
        value: target.value,
      });
    }
  }
  return issues;
}
