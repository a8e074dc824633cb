import { afterAll, beforeAll, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { isWiredeskError } from '../../src/model/errors.js';
import { migrateStore } from '../../src/store-pg/migrate-store.js';
import { openStoreDump } from '../../src/store/store-dump.js';
import { describePg } from '../helpers/pg.js';
import { migratedSample, type MigratedSample } from './migrated-sample.js';

let sample: MigratedSample;

describePg('migrate-store', () => {
  beforeAll(async () => {
    sample = await migratedSample();
  });
  afterAll(async () => sample.close());

  it('copies every table of the SQLite store, row for row', async () => {
    const sqlite = new Database(sample.store.path, { readonly: true });
    try {
      const tables = Object.keys(sample.report.tables);
      expect(tables).toEqual(expect.arrayContaining(['sources', 'items', 'stories', 'story_versions', 'story_signatures', 'pages', 'tombstones', 'wire_events', 'meta', 'websub_outbox', 'websub_announced']));
      for (const table of tables) {
        const want = (sqlite.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n;
        const { rows } = await sample.db.pool.query<{ n: string }>(`SELECT COUNT(*) AS n FROM "${table}"`);
        expect(Number(rows[0]?.n), table).toBe(want);
        expect(sample.report.tables[table], table).toBe(want);
      }
      expect(sample.report.tables['items']).toBeGreaterThan(10);
    } finally {
      sqlite.close();
    }
  });

  it('keeps values exactly: 64-bit keys, band keys, the commit order and the generation', async () => {
    const sqlite = new Database(sample.store.path, { readonly: true });
    try {
      const keys = sqlite.prepare(`SELECT source_id, key, content FROM tombstones ORDER BY source_id, key`).safeIntegers(true).all() as Array<{ source_id: string; key: bigint; content: bigint }>;
      const pgKeys = await sample.db.pool.query<{ source_id: string; key: string; content: string }>(`SELECT source_id, key, content FROM tombstones ORDER BY source_id COLLATE "C", key`);
      expect(pgKeys.rows.map((r) => [r.source_id, BigInt(r.key), BigInt(r.content)]).sort()).toEqual(keys.map((r) => [r.source_id, r.key, r.content]).sort());
      const bands = sqlite.prepare(`SELECT item_id, band_keys FROM story_signatures ORDER BY seq`).all() as Array<{ item_id: string; band_keys: Buffer | null }>;
      const pgBands = await sample.db.pool.query<{ item_id: string; band_keys: Buffer | null }>(`SELECT item_id, band_keys FROM story_signatures ORDER BY seq`);
      expect(pgBands.rows).toEqual(bands);
      const order = sqlite.prepare(`SELECT id FROM items ORDER BY rowid`).pluck().all();
      const pgOrder = await sample.db.pool.query<{ id: string }>(`SELECT id FROM items ORDER BY commit_seq`);
      expect(pgOrder.rows.map((r) => r.id)).toEqual(order);
      const { rows } = await sample.db.pool.query<{ value: string }>(`SELECT value FROM meta WHERE key = 'generation'`);
      expect(Number(rows[0]?.value)).toBe(sample.store.meta.generation());
    } finally {
      sqlite.close();
    }
  });

  it('refuses a target that already holds data, and leaves it as it was', async () => {
    const dump = openStoreDump(sample.store.path);
    try {
      const error = await migrateStore(dump, sample.db).then(() => null, (err: unknown) => err);
      expect(isWiredeskError(error, 'STORE_FAILED')).toBe(true);
      expect((error as Error).message).toMatch(/target database is not empty \(table \w+ has rows\)/);
      const { rows } = await sample.db.pool.query<{ n: string }>(`SELECT COUNT(*) AS n FROM items`);
      expect(Number(rows[0]?.n)).toBe(sample.report.tables['items']);
    } finally {
      dump.close();
    }
  });
});
