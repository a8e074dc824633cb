import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describePg, dropTestDatabase } from '../helpers/pg.js';

describePg('the throwaway PostgreSQL cluster of the test run', () => {
  let url = '';
  beforeAll(async () => {
    url = await createTestDatabase();
  });
  afterAll(async () => {
    await dropTestDatabase(url);
  });

  it('gives each test file its own empty database with unaccent available', async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('CREATE EXTENSION IF NOT EXISTS unaccent');
      const { rows } = await client.query<{ tables: string; plain: string }>(
        `SELECT (SELECT count(*) FROM pg_tables WHERE schemaname = 'public')::text AS tables, unaccent('Élysée café') AS plain`);
      expect(rows[0]).toEqual({ tables: '0', plain: 'Elysee cafe' });
    } finally {
      await client.end();
    }
  });
});
