import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../preload/shared/errors.js';
import { decodeUtf8 } from '../../preload/shared/project/decode-text.js';
import { checkPaths, type PathOptions } from './project-paths.js';
import { checkProject } from '../../preload/shared/project/check.js';
import { jsonSyntaxMessage } from '../../preload/shared/project/json-syntax.js';
import type { Project } from '../../preload/shared/project/schema.js';
import { ProjectValidationError, sortIssues } from '../../preload/shared/project/validation-error.js';

/** A parsed, validated project and where it lives. */
export interface LoadedProject {
  readonly file: string;
  readonly dir: string;
  readonly project: Project;
}

export type LoadOptions = PathOptions;

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
    throw new ProjectValidationError(absolute, [{ path: '$', message: jsonSyntaxMessage(text, error) }]);
  }
  const dir = path.dirname(absolute);
  const { json, project, issues } = checkProject(input, absolute);
  const all = json ? sortIssues([...issues, ...(await checkPaths(json, dir, options))]) : issues;
  if (!project || all.length > 0) throw new ProjectValidationError(absolute, all);
  return { file: absolute, dir, project };
}
