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
  /** getaddrinfo: the name that did not resolve. */
  readonly hostname?: string;
  /** listen: the address and port asked for. */
  readonly address?: string;
  readonly port?: number;
}

/** The network errors a --host or --port can cause, with what to do. */
const NETWORK: Record<string, string> = {
  EADDRNOTAVAIL: 'not an address of this computer: give --host one of its addresses (127.0.0.1; 0.0.0.0 for all)',
  EACCES: 'permission denied (ports below 1024 need privileges): choose a port from 1024 up',
  EADDRINUSE: 'the port is taken: choose another port (0 picks a free one)',
};

function isSystemError(error: unknown): error is Error & SystemError {
  const e = error as Partial<SystemError> | null;
  return error instanceof Error && typeof e?.code === 'string' && /^E[A-Z]+$/.test(e.code) && typeof e.syscall === 'string';
}

/** The line for an operating system error on a path, a host name or an address, or undefined for any other error. */
export function systemErrorLine(error: unknown): string | undefined {
  if (!isSystemError(error)) return undefined;
  if (error.syscall === 'getaddrinfo' && error.hostname !== undefined) {
    return `Cannot find the address of "${error.hostname}" (${error.code}): check --host (a name this computer resolves, or an address such as 127.0.0.1).`;
  }
  if (error.syscall === 'listen' && error.address !== undefined) {
    const where = error.port !== undefined && error.port > 0 ? `${error.address}:${error.port}` : error.address;
    return `Cannot listen on ${where}: ${NETWORK[error.code] ?? error.message} (${error.code}).`;
  }
  if (error.path === undefined) return undefined;
  const reason = REASONS[error.code] ?? error.message;
  return `Cannot ${error.syscall} ${error.path}: ${reason} (${error.code}). Check that path (or the option that names it, such as --data-dir) and its permissions.`;
}
