/**
 * Numbered schema migrations, one file each in migrations/. Each runs once, in id order, inside a
 * transaction; the applied ids are recorded in schema_migrations.
 */
import type Database from 'better-sqlite3';
import * as m001 from './migrations/001-initial.js';
import * as m002 from './migrations/002-search.js';
import * as m003 from './migrations/003-story-index.js';
import * as m004 from './migrations/004-scheduling.js';
import * as m005 from './migrations/005-pages.js';
import * as m008 from './migrations/008-date-source.js';

export interface Migration {
  id: number;
  sql: string;
}

/** Add a migration: a new file in migrations/ exporting `id` and `sql`, and one line here. */
export const MIGRATIONS: readonly Migration[] = [m001, m002, m003, m004, m005, m008].sort((a, b) => a.id - b.id);

export function migrate(db: Database.Database): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = new Set(db.prepare<[], { id: number }>('SELECT id FROM schema_migrations').all().map((r) => r.id));
  const record = db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)');
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.id)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.id, new Date().toISOString());
    })();
  }
  const latest = MIGRATIONS.at(-1)?.id ?? 0;
  db.pragma(`user_version = ${latest}`);
  return latest;
}
