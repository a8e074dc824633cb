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
import * as m009 from './migrations/009-editorial.js';
import * as m010 from './migrations/010-access-alerts.js';
import * as m006 from './migrations/006-tombstones.js';
import * as m007 from './migrations/007-story-lifecycle.js';
import * as m011 from './migrations/011-source-skips.js';
import * as m008 from './migrations/008-date-source.js';
import * as m012 from './migrations/012-search-once-per-commit.js';
import * as m013 from './migrations/013-sentences-one-hash-index.js';
import * as m014 from './migrations/014-story-rows-placement-key.js';
import * as m015 from './migrations/015-drop-unread-version-index.js';
import * as m017 from './migrations/017-websub-outbox.js';

export interface Migration {
  id: number;
  sql: string;
}

/** Add a migration: a new file in migrations/ exporting `id` and `sql`, and one line here. */
export const MIGRATIONS: readonly Migration[] = [m001, m002, m003, m004, m005, m006, m007, m008, m009, m010, m011, m012, m013, m014, m015, m017].sort((a, b) => a.id - b.id);

export function migrate(db: Database.Database): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = db.prepare<[number], { id: number }>('SELECT id FROM schema_migrations WHERE id = ?');
  const record = db.prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)');
  for (const migration of MIGRATIONS) {
    // IMMEDIATE, checked inside: two processes opening a new database at once apply each migration once.
    db.transaction(() => {
      if (applied.get(migration.id)) return;
      db.exec(migration.sql);
      record.run(migration.id, new Date().toISOString());
    }).immediate();
  }
  const latest = MIGRATIONS.at(-1)?.id ?? 0;
  db.pragma(`user_version = ${latest}`);
  return latest;
}
