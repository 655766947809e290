/**
 * Errors from the operating system (a `--data-dir` that is a file, a folder that cannot be written,
 * a full disk) as one line that says which path and why, instead of "Unexpected error" and a stack:
 * they come from what the user gave or from the machine, not from a bug.
 */

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EEXIST: 'a file is already there',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  ENOENT: 'no such file or folder',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'over the disk quota',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the name is too long',
};

interface SystemError {
  readonly code: string;
  readonly syscall: string;
  readonly path?: string;
}

function isSystemError(error: unknown): error is Error & SystemError {
  const e = error as Partial<SystemError> | null;
  return error instanceof Error && typeof e?.code === 'string' && /^E[A-Z]+$/.test(e.code) && typeof e.syscall === 'string';
}

/** The line for an operating system error on a path, or undefined for any other error. */
export function systemErrorLine(error: unknown): string | undefined {
  if (!isSystemError(error) || error.path === undefined) return undefined;
  const reason = REASONS[error.code] ?? error.message;
  return `Cannot ${error.syscall} ${error.path}: ${reason} (${error.code}). Check that path (or the option that names it, such as --data-dir) and its permissions.`;
}
