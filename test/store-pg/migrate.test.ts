import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isWiredeskError } from '../../src/model/errors.js';
import { openPgDatabase } from '../../src/store-pg/connection.js';
import { PG_MIGRATIONS } from '../../src/store-pg/migrate.js';
import { createTestDatabase, describePg, dropTestDatabase, pgAdminUrl, withPgClient } from '../helpers/pg.js';

function columnsOf(url: string, table: string): Promise<string[]> {
  return withPgClient(url, async (client) => {
    const { rows } = await client.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`, [table]);
    return rows.map((r) => r.column_name);
  });
}

describePg('opening a PostgreSQL store', () => {
  let url = '';
  beforeAll(async () => {
    url = await createTestDatabase();
  });
  afterAll(async () => {
    await dropTestDatabase(url);
  });

  it('migrates one empty database once when four connections open it at the same moment', async () => {
    const opened = await Promise.all([1, 2, 3, 4].map(() => openPgDatabase(url, { max: 1 })));
    try {
      const latest = PG_MIGRATIONS.at(-1)?.id;
      expect(opened.map((d) => d.version)).toEqual([latest, latest, latest, latest]);
      const { rows } = await opened[0]!.pool.query<{ id: number }>('SELECT id FROM schema_migrations ORDER BY id');
      expect(rows.map((r) => r.id)).toEqual(PG_MIGRATIONS.map((m) => m.id));
    } finally {
      await Promise.all(opened.map((d) => d.close()));
    }
  });

  it('keeps the SQLite column names and adds the search vector, claim and commit-order columns', async () => {
    const items = await columnsOf(url, 'items');
    expect(items.slice(0, 6)).toEqual(['id', 'source_id', 'identity', 'guid', 'url', 'title']);
    expect(items).toEqual(expect.arrayContaining(['date_source', 'editorial', 'killed_at', 'search', 'commit_seq']));
    expect(await columnsOf(url, 'sources')).toEqual(expect.arrayContaining(['last_skipped', 'claimed_by', 'lease_expires_at', 'claim_fence']));
    expect(await columnsOf(url, 'hosts')).toEqual(['host', 'in_flight', 'next_allowed_at']);
  });

  it('gives rows stored before migration 5 their search words, so items.search folds case and accents as FTS5 does', async () => {
    const older = await createTestDatabase();
    const client = new pg.Client({ connectionString: older });
    await client.connect();
    try {
      // A database at schema 4, holding an item written then (no search words yet).
      await client.query('CREATE TABLE schema_migrations (id integer PRIMARY KEY, applied_at text NOT NULL)');
      for (const m of PG_MIGRATIONS.filter((m) => m.id <= 4)) {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations VALUES ($1, $2)', [m.id, 'x']);
      }
      await client.query(`INSERT INTO stories (id, created_at, updated_at) VALUES ('s1', 'x', 'x')`);
      await client.query(`INSERT INTO items (id, source_id, identity, title, content_text, content_hash, revision, story_id,
        fetched_at, changed_at, sort_date) VALUES ('i1', 'a', 'g', 'Élysée Palace', 'Le café ouvre : desk@wire.example', 'h', 'r', 's1', 'x', 'x', 'x')`);
      const db = await openPgDatabase(older, { max: 1 });
      await db.close();
      const found = async (tsquery: string) => (await client.query<{ id: string }>(
        `SELECT id FROM items WHERE search @@ to_tsquery('wiredesk_simple', $1)`, [tsquery])).rows;
      expect(await found('elysee:A & CAFE:B')).toEqual([{ id: 'i1' }]);
      // Our words: the address is three words, as FTS5 splits it, not one e-mail lexeme.
      expect(await found(`'desk' <-> 'wire' <-> 'example'`)).toEqual([{ id: 'i1' }]);
      expect(await found(`'desk@wire.example'`)).toEqual([]);
    } finally {
      await client.end();
      await dropTestDatabase(older);
    }
  });

  it('fails with STORE_FAILED naming the database without its password', async () => {
    const target = new URL(pgAdminUrl);
    target.password = 's3cr3t-pass';
    target.pathname = '/no_such_database_here';
    const failure = await openPgDatabase(target.toString()).then(() => null, (err: unknown) => err);
    expect(isWiredeskError(failure, 'STORE_FAILED')).toBe(true);
    const message = (failure as Error).message;
    expect(message).toMatch(/^store: cannot open and migrate the database on postgres:\/\/postgres:\*\*\*@/);
    expect(message).toContain('(3D000)');
    expect(message).not.toContain('s3cr3t-pass');
  });
});
