import Database from 'better-sqlite3';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load-config.js';
import { refreshSource } from '../../src/ingest/refresh-source.js';
import { createLogger } from '../../src/log/logger.js';
import { createClaimPort } from '../../src/store-pg/claims.js';
import { openPgDatabase, type PgDatabase } from '../../src/store-pg/connection.js';
import { createPgRefreshPort } from '../../src/store-pg/refresh-commit.js';
import { createTestDatabase, describePg, dropTestDatabase } from '../helpers/pg.js';
import { tempStore } from '../helpers/temp-store.js';

const AT = new Date(Date.now() - 60_000);
const log = createLogger({ level: 'silent' });

function writeFeed(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wd-pg-commit-'));
  const day = (h: number) => new Date(AT.getTime() - h * 3_600_000).toUTCString();
  const path = join(dir, 'feed.rss');
  writeFileSync(path, `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Désk « Wire »</title>
    <link>https://wire.example/</link>
    <item><title>Élections : le café du port rouvre</title><link>https://wire.example/a?utm_source=x</link><guid>a-1</guid>
      <pubDate>${day(1)}</pubDate><category>Politique</category><category>Régions</category>
      <enclosure url="https://wire.example/a.jpg" type="image/jpeg" length="1234"/>
      <description><![CDATA[<p>Le <b>café</b> du port rouvre après trois ans — « enfin », dit le maire.</p><script>x()</script>]]></description></item>
    <item><title>Harbour dredging contract signed</title><link>https://wire.example/b</link><guid>b-2</guid>
      <pubDate>${day(2)}</pubDate><description>The council signed the dredging contract on Tuesday after a long tender.</description></item>
  </channel></rss>`);
  return pathToFileURL(path).href;
}

describePg('storing a refresh on PostgreSQL', () => {
  let url = '';
  let db: PgDatabase;
  beforeAll(async () => {
    url = await createTestDatabase();
    db = await openPgDatabase(url, { max: 3 });
  });
  afterAll(async () => {
    await db.close();
    await dropTestDatabase(url);
  });

  it('stores the same item rows, byte for byte, as SQLite does for the same feed', async () => {
    const feed = writeFeed();
    const loaded = parseConfigText(JSON.stringify({ database: ':memory:', sources: [{ id: 'wire', url: feed, kind: 'wire' }] }), '/tmp/feeds.config.json');
    const source = loaded.config.sources[0]!;
    const ctx = { config: loaded.config, url: feed, now: () => AT, log, priorityOf: () => 0 };
    const { store, path } = tempStore();
    const onSqlite = await refreshSource(source, { ...ctx, store });
    const claims = createClaimPort(db, { perHost: 2, perHostDelayMs: 0, leaseMs: 60_000 });
    await claims.register([{ id: 'wire', url: feed, host: null, fingerprint: 'f' }]);
    const [claim] = await claims.claimDue('w', 1, AT, { ids: ['wire'] });
    const onPg = await refreshSource(source, { ...ctx, port: createPgRefreshPort(db, { holder: 'w', claim: claim!, config: loaded.config, now: () => AT }) });
    expect(onPg).toMatchObject({ status: 'updated', added: 2 });
    expect(onSqlite).toMatchObject({ status: 'updated', added: 2 });
    const file = new Database(path, { readonly: true });
    const sqliteRows = file.prepare('SELECT * FROM items ORDER BY id').all();
    file.close();
    const { rows: pgRows } = await db.pool.query('SELECT * FROM items ORDER BY id');
    expect(pgRows.map(({ search: _s, search_title: _t, search_body: _b, commit_seq: _c, ...row }) => row)).toEqual(sqliteRows);
    const { rows: [state] } = await db.pool.query(`SELECT claimed_by, last_status, feed_title, next_fetch_at IS NOT NULL AS planned,
      (SELECT value FROM meta WHERE key = 'generation') AS generation, (SELECT count(*)::int FROM alert_outbox) AS alerts FROM sources`);
    // Alerts are the clusterer's to queue, once placing says which stories changed.
    expect(state).toEqual({ claimed_by: null, last_status: 200, feed_title: 'Désk « Wire »', planned: true, generation: '1', alerts: 0 });
    store.close();
  });

  it('refuses the commit of a worker whose claim expired and was taken over, and takes the new holder’s', async () => {
    const feed = writeFeed();
    const loaded = parseConfigText(JSON.stringify({ database: ':memory:', sources: [{ id: 'late', url: feed, kind: 'wire' }] }), '/tmp/feeds.config.json');
    const source = loaded.config.sources[0]!;
    const claims = createClaimPort(db, { perHost: 2, perHostDelayMs: 0, leaseMs: 1_000 });
    await claims.register([{ id: 'late', url: feed, host: null, fingerprint: 'f' }]);
    const [old] = await claims.claimDue('stalled', 1, AT, { ids: ['late'] });
    const later = new Date(AT.getTime() + 5_000);
    await claims.reapExpired(later);
    const [fresh] = await claims.claimDue('rescuer', 1, later, { ids: ['late'], force: true });
    const ctx = { config: loaded.config, url: feed, log, priorityOf: () => 0 };
    const stalled = await refreshSource(source, { ...ctx, now: () => later,
      port: createPgRefreshPort(db, { holder: 'stalled', claim: old!, config: loaded.config, now: () => later }) });
    expect(stalled).toMatchObject({ status: 'failed', error: { code: 'STORE_LOCKED' } });
    const count = async () => (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM items WHERE source_id = 'late'`)).rows[0]?.n;
    expect(await count()).toBe(0);
    const { rows: [row] } = await db.pool.query(`SELECT claimed_by, error_count FROM sources WHERE id = 'late'`);
    expect(row).toEqual({ claimed_by: 'rescuer', error_count: 0 });
    const rescued = await refreshSource(source, { ...ctx, now: () => later,
      port: createPgRefreshPort(db, { holder: 'rescuer', claim: fresh!, config: loaded.config, now: () => later }) });
    expect(rescued).toMatchObject({ status: 'updated', added: 2 });
    expect(await count()).toBe(2);
  });
});
