import type Database from 'better-sqlite3';

/**
 * One numbered step of the database schema. `up` runs inside its own transaction, together with
 * the `user_version` bump to `version`, so a database is always at exactly one version.
 */
export interface Migration {
  /** 1, 2, 3, ...: the `user_version` the database has once `up` ran. */
  readonly version: number;
  readonly name: string;
  up(db: Database.Database): void;
}
