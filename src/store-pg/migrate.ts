/**
 * PostgreSQL migrations: numbered, one file each in migrations/, applied in id order in one
 * transaction under a transaction-scoped advisory lock, so any number of processes may open an
 * empty database at once: the first migrates, the others wait and then find nothing to do.
 */
import type pg from 'pg';
import * as m001 from './migrations/001-schema.js';
import * as m002 from './migrations/002-search.js';
import * as m003 from './migrations/003-claims.js';
import * as m004 from './migrations/004-clusterer.js';
import * as m005 from './migrations/005-outbox-search-words.js';
import * as m007 from './migrations/007-announce-commit.js';
import * as m008 from './migrations/008-story-rows-placement-key.js';

export interface PgMigration {
  id: number;
  sql: string;
  /** A step in JavaScript after the SQL, in the same transaction (e.g. filling a new column). */
  after?: (client: pg.PoolClient) => Promise<void>;
}

/** Add a migration: a new file in migrations/ exporting `id` and `sql`, and one entry here. */
export const PG_MIGRATIONS: readonly PgMigration[] = [m001, m002, m003, m004, m005, m007, m008].sort((a, b) => a.id - b.id);

/** Advisory lock key of the migration step ("wdmigrat" in ASCII, fits a signed bigint). */
export const MIGRATION_LOCK_KEY = '8603121487659032948';

export async function migratePg(pool: pg.Pool): Promise<number> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (id integer PRIMARY KEY, applied_at text NOT NULL)');
    const { rows } = await client.query<{ id: number }>('SELECT id FROM schema_migrations');
    const applied = new Set(rows.map((r) => r.id));
    for (const migration of PG_MIGRATIONS) {
      if (applied.has(migration.id)) continue;
      await client.query(migration.sql);
      await migration.after?.(client);
      await client.query('INSERT INTO schema_migrations (id, applied_at) VALUES ($1, $2)', [migration.id, new Date().toISOString()]);
    }
    await client.query('COMMIT');
  } catch (err) {
    broken = await client.query('ROLLBACK').then(() => false, () => true);
    throw err;
  } finally {
    client.release(broken);
  }
  return PG_MIGRATIONS.at(-1)?.id ?? 0;
}
