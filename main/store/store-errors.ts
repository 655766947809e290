import { AppError } from '../../preload/shared/errors.js';

/** SQLite's result code of a better-sqlite3 error (`SQLITE_BUSY`, `SQLITE_CORRUPT_INDEX`, ...), else null. */
export function sqliteCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : null;
}

/** The file is not a database, or its pages do not hold together: only moving it aside helps. */
export function isCorruption(error: unknown): boolean {
  const code = sqliteCode(error);
  return code !== null && (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB'));
}

/** Another connection holds a lock longer than busy_timeout. */
export function isLocked(error: unknown): boolean {
  const code = sqliteCode(error);
  return code !== null && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** A `PRAGMA quick_check` that did not answer "ok" (a truncated file, a torn page). */
export class QuickCheckFailed extends Error {
  readonly code = 'SQLITE_CORRUPT';
  constructor(readonly problems: readonly string[]) {
    super(`integrity check: ${problems.slice(0, 3).join('; ')}`);
  }
}

export function corruptError(file: string, movedTo: string, cause: unknown): AppError {
  return new AppError(
    'STORE_CORRUPT',
    `The database ${file} is damaged (${cause instanceof Error ? cause.message : String(cause)}): moved aside to ${movedTo}, started fresh. The old file is kept; sqlite3's ".recover" may get rows back from it.`,
    { cause },
  );
}

export function lockedError(file: string, busyTimeoutMs: number, cause: unknown): AppError {
  return new AppError(
    'STORE_LOCKED',
    `The database ${file} is locked by another process (still after ${busyTimeoutMs} ms). Close the other program that holds it (a sqlite3 shell, a backup tool), or run with --data-dir <another folder>, or --no-history.`,
    { cause },
  );
}
