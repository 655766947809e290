import type Database from 'better-sqlite3';
import { AppError } from '../../preload/shared/errors.js';
import type { Logger } from '../common/logger.js';
import type { Migration } from './migrations/index.js';

/** The schema version a database file is at (`PRAGMA user_version`; 0 for a new file). */
export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the database to the last migration's version: each pending step runs in its own
 * IMMEDIATE transaction with its `user_version` bump, and re-reads the version inside it, so two
 * processes opening one old file at once run every step exactly once. A file from a newer
 * demo-desktop (a version this code does not know) is refused rather than guessed at.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[], file: string, logger: Logger): number {
  checkNumbering(migrations);
  const latest = migrations.at(-1)?.version ?? 0;
  const found = schemaVersion(db);
  if (found > latest) {
    throw new AppError(
      'UNSUPPORTED',
      `The database ${file} is at schema version ${found}, written by a newer demo-desktop (this one knows up to ${latest}). Update demo-desktop, or use another --data-dir.`,
    );
  }
  for (const migration of migrations) {
    const step = db.transaction(() => {
      if (schemaVersion(db) >= migration.version) return false;
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
      return true;
    });
    if (step.immediate()) logger.info('database migrated', { file, version: migration.version, name: migration.name });
  }
  return latest;
}

function checkNumbering(migrations: readonly Migration[]): void {
  migrations.forEach((migration, i) => {
    if (migration.version !== i + 1) {
      throw new AppError(
        'INTERNAL',
        `Migration "${migration.name}" is numbered ${migration.version}; expected ${i + 1} (main/store/migrations/index.ts).`,
      );
    }
  });
}
