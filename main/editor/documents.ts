import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DocumentSource, EditorDocument, EditorIssue } from '../../preload/shared/editor/editor-api.js';
import { checkProject } from '../../preload/shared/project/check.js';
import { decodeUtf8 } from '../../preload/shared/project/decode-text.js';
import { jsonSyntaxMessage } from '../../preload/shared/project/json-syntax.js';
import { sortIssues, type ProjectIssue } from '../../preload/shared/project/validation-error.js';
import { isFolder } from '../common/path-kind.js';
import { checkPaths, type PathOptions } from '../project/project-paths.js';
import { HttpError } from '../server/http-error.js';
import { templateDir } from './templates.js';

/**
 * Documents of the editor: a project.json's exact text and every problem in it, from the checks
 * `demo-desktop validate` runs (schema and references from the shared checkProject, then the files
 * the project names, judged from the document's folder). Nothing here throws for a bad project:
 * problems are issues; only a file that cannot be read is an error.
 */

export interface DocumentOptions extends PathOptions {
  /** Templates folder (default: the package's examples/). */
  readonly templatesDir?: string;
}

/** The JSON a text holds, or the issue that says why it holds none. */
export function parseText(text: string): { json: unknown } | { issue: ProjectIssue } {
  try {
    return { json: JSON.parse(text) as unknown };
  } catch (error) {
    return { issue: { path: '$', message: jsonSyntaxMessage(text, error) } };
  }
}

/** The file's text: UTF-8 (a byte-order mark is dropped), else 400; a file that cannot be read is 404. */
export async function readText(file: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new HttpError(404, `Cannot read ${file}: ${(error as Error).message}`);
  }
  const decoded = decodeUtf8(bytes);
  if ('text' in decoded) return decoded.text;
  throw new HttpError(
    400,
    `${file} is not valid UTF-8 (the bytes at offset ${decoded.offset}, line ${decoded.line}, are not a UTF-8 character): save it as UTF-8 first.`,
  );
}

/** The folder a document's relative paths resolve against, or null (a new project with no template). */
export async function baseDir(source: DocumentSource, options: DocumentOptions = {}): Promise<string | null> {
  if (source.path !== null) return path.dirname(path.resolve(source.path));
  if (source.template !== null) return templateDir(source.template, options.templatesDir);
  return null;
}

const UNCHECKED_FILES =
  'the files this project names (JS modules, model paths) are checked once it is saved: relative paths are relative to its project.json';

/** Names the project any file (a JS module or a model path)? */
function namesFiles(json: unknown): boolean {
  const record = json as { functions?: unknown; models?: unknown } | null;
  const values = (value: unknown): unknown[] => (value && typeof value === 'object' ? Object.values(value) : []);
  const fns = values(record?.functions).some((fn) => (fn as { kind?: unknown } | null)?.kind === 'js');
  const models = values(record?.models).some(
    (model) => typeof (model as { source?: { path?: unknown } } | null)?.source?.path === 'string',
  );
  return fns || models;
}

/** Every issue of parsed JSON: schema and references, then (with a folder) the files it names. */
export async function checkJson(json: unknown, base: string | null, options: PathOptions = {}): Promise<EditorIssue[]> {
  const checked = checkProject(json, base ? path.join(base, 'project.json') : 'project.json');
  if (!checked.json) return [...checked.issues];
  if (base === null) {
    return namesFiles(checked.json) ? sortIssues([...checked.issues, { path: '$', message: UNCHECKED_FILES }]) : [...checked.issues];
  }
  return sortIssues([...checked.issues, ...(await checkPaths(checked.json, base, options))]);
}

/** Every issue of a document's text (not JSON: that one issue). */
export async function checkText(text: string, base: string | null, options: PathOptions = {}): Promise<EditorIssue[]> {
  const parsed = parseText(text);
  return 'issue' in parsed ? [parsed.issue] : checkJson(parsed.json, base, options);
}

/**
 * The project file a path names: a folder means its project.json; anything else must be a .json
 * file (the editor opens and writes projects, not any file). Relative to where the editor runs.
 */
export async function projectFile(given: string): Promise<string> {
  const absolute = path.resolve(given);
  if (await isFolder(absolute)) return path.join(absolute, 'project.json');
  if (!/\.json$/i.test(absolute)) throw new HttpError(400, `Choose a project.json (or its folder); "${given}" is not a .json file.`);
  return absolute;
}

/** POST /open: the file's exact text and its issues. */
export async function openDocument(file: string, options: DocumentOptions = {}): Promise<EditorDocument> {
  const absolute = await projectFile(file);
  const text = await readText(absolute);
  return { path: absolute, template: null, text, issues: await checkText(text, path.dirname(absolute), options) };
}
