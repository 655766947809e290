import type Database from 'better-sqlite3';
import { z } from 'zod';

/**
 * History retention, one setting for the data folder (every project served from it shares the
 * database), kept in the database's `settings` table under `history.retention`.
 */
export const retentionSettings = z.object({
  /** Runs older than this many days are deleted. */
  days: z.number().int().min(1).max(36_500),
  /** The database and its content files together are kept under this many megabytes (oldest runs go first). */
  maxSizeMb: z.number().int().min(16).max(10_000_000),
});
export type RetentionSettings = z.infer<typeof retentionSettings>;

export const DEFAULT_RETENTION: RetentionSettings = { days: 30, maxSizeMb: 2_048 };

const RETENTION_KEY = 'history.retention';

/** The retention in force: the stored one, its missing or invalid fields taken from the defaults. */
export function readRetention(db: Database.Database): RetentionSettings {
  const row = db.prepare<[string], { value_json: string }>('SELECT value_json FROM settings WHERE key = ?').get(RETENTION_KEY);
  if (!row) return DEFAULT_RETENTION;
  const parsed = retentionSettings.partial().safeParse(JSON.parse(row.value_json));
  return { ...DEFAULT_RETENTION, ...(parsed.success ? parsed.data : {}) };
}

/** Stores new retention settings (validated; throws zod's error naming the field). */
export function writeRetention(db: Database.Database, settings: RetentionSettings): void {
  const valid = retentionSettings.parse(settings);
  db.prepare('INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json').run(
    RETENTION_KEY,
    JSON.stringify(valid),
  );
}
