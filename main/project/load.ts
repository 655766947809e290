import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../preload/shared/errors.js';
import { isFile } from '../common/path-kind.js';
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

/**
 * The largest project.json read: real ones are a few KB (data belongs in the files a project
 * names). Far larger files would only fill memory, and past V8's longest string (~512 MiB) could
 * not even be decoded.
 */
export const MAX_PROJECT_FILE_BYTES = 64 * 2 ** 20;

/**
 * A project file that cannot be read (not there, a folder, no permission): what the user named is
 * wrong, so the CLI exits 2 as for an invalid project; the code stays NOT_FOUND for HTTP callers.
 */
export class UnreadableProjectError extends AppError {
  override readonly name = 'UnreadableProjectError';
}

/** Why a project file cannot be read, and what to do, in words. */
async function unreadable(file: string, error: unknown): Promise<AppError> {
  const code = (error as NodeJS.ErrnoException).code;
  const inside = path.join(file, 'project.json');
  const hasProject = code === 'EISDIR' && (await isFile(inside));
  const why =
    code === 'ENOENT'
      ? `No such file: ${file}. Check the path (a project is the project.json file of a demo's folder).`
      : code === 'EISDIR'
        ? `${file} is a folder, not a project file: ${hasProject ? `give its project.json (${inside})` : 'give the path of a project.json'}.`
        : code === 'EACCES' || code === 'EPERM'
          ? `Cannot read ${file}: permission denied. Make the file readable by you (chmod u+r) or copy it.`
          : `Cannot read ${file}: ${(error as Error).message}`;
  return new UnreadableProjectError('NOT_FOUND', why, { cause: error });
}

async function readText(file: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    const info = await stat(file);
    if (info.isFile() && info.size > MAX_PROJECT_FILE_BYTES) {
      throw new ProjectValidationError(file, [
        {
          path: '$',
          message: `the file is ${Math.ceil(info.size / 2 ** 20)} MiB; a project.json may be at most ${MAX_PROJECT_FILE_BYTES / 2 ** 20} MiB. Keep data in files the project names`,
        },
      ]);
    }
    bytes = await readFile(file);
  } catch (error) {
    if (error instanceof ProjectValidationError) throw error;
    throw await unreadable(file, error);
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
