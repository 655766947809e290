import type { ApiParameter } from './info.js';

/**
 * Files in example values: a FileData, or a string for a file-typed parameter (a component that
 * takes files, or gradio_client's `filepath`). The snippets upload them (handle_file in JS and
 * Python, an upload step in curl).
 */

const FILE_COMPONENTS = new Set(['Image', 'Audio', 'Video', 'File', 'Model3D']);

export interface FileRef {
  readonly path: string;
}

export function isFileData(value: unknown): value is FileRef & { meta: unknown } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  const meta = v.meta as Record<string, unknown> | null | undefined;
  return typeof v.path === 'string' && typeof meta === 'object' && meta !== null && meta._type === 'gradio.FileData';
}

/** True when a string value of `p` names a file. */
export function isFileParameter(p: ApiParameter): boolean {
  return FILE_COMPONENTS.has(p.component) || p.pythonType === 'filepath' || p.pythonType === 'List[filepath]';
}

export function hasFiles(value: unknown, fileLike: boolean): boolean {
  if (typeof value === 'string') return fileLike;
  if (isFileData(value)) return true;
  if (Array.isArray(value)) return value.some((item) => hasFiles(item, fileLike));
  if (typeof value === 'object' && value !== null) return Object.values(value).some((item) => hasFiles(item, false));
  return false;
}

/** Local paths of the files in a value, in order, for curl's upload step. */
export function filePaths(value: unknown, fileLike: boolean): string[] {
  if (typeof value === 'string') return fileLike ? [value] : [];
  if (isFileData(value)) return [value.path];
  if (Array.isArray(value)) return value.flatMap((item) => filePaths(item, fileLike));
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap((item) => filePaths(item, false));
  return [];
}

/**
 * What goes on the /call wire for a value: each file as a FileData whose path is `serverPath(local
 * path)` (curl cannot call handle_file; it uploads first and sends the server's path).
 */
export function wireValue(value: unknown, fileLike: boolean, serverPath: (local: string) => string): unknown {
  if (typeof value === 'string' && fileLike) return { path: serverPath(value), meta: { _type: 'gradio.FileData' } };
  if (isFileData(value)) return { path: serverPath(value.path), meta: { _type: 'gradio.FileData' } };
  if (Array.isArray(value)) return value.map((item) => wireValue(item, fileLike, serverPath));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wireValue(v, false, serverPath)]));
  }
  return value;
}
