import type { Migration } from './migration.js';

/**
 * Every index of `runs` is paid on each recorded run, on the writer thread. Most runs have no
 * visitor (only share-link traffic does), so the visitor index becomes partial: runs without one
 * are no longer entered in it. A query by visitor (`visitor_id = ?`) implies `IS NOT NULL`, so
 * SQLite still uses it. Measured with the other lever of this step in docs/store.md.
 */
export const leanRunIndexesMigration: Migration = {
  version: 4,
  name: 'lean-run-indexes',
  up(db) {
    db.exec(`
      DROP INDEX runs_visitor;
      CREATE INDEX runs_visitor ON runs (project, visitor_id, seq) WHERE visitor_id IS NOT NULL;
    `);
  },
};
