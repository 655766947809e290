import { stat } from 'node:fs/promises';

/**
 * Whether a path is a file, or a folder, following symlinks; false when it is not there or
 * cannot be looked at (the callers then say what to do in their own words).
 */

export function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (info) => info.isFile(),
    () => false,
  );
}

export function isFolder(dir: string): Promise<boolean> {
  return stat(dir).then(
    (info) => info.isDirectory(),
    () => false,
  );
}
