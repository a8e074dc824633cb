/**
 * A PostgreSQL web node serves what a SQLite node serves over the same stored data (a migrate-store
 * copy): private feeds behind tokens made by the real CLI, searches with private feeds present, the
 * dashboard (rendered in Chromium) and /metrics; and `sources --json` answers the same on both.
 */
import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { silentLogger } from '../../src/log/logger.js';
import { startPgNode, type PgNode } from '../../src/service/pg-node.js';
import { startService, type Service } from '../../src/service/service.js';
import { sqliteTokenPort } from '../../src/http/access-tokens.js';
import { createPgTokenPort } from '../../src/store-pg/tokens.js';
import { request } from '../http/http-client.js';
import { describePg } from '../helpers/pg.js';
import { migratedSample, type MigratedSample } from '../store-pg/migrated-sample.js';

const run = promisify(execFile);
const CLI = resolve('dist/cli.js');
const ADMIN = 'admin-token-for-the-pg-desk-42';
let sample: MigratedSample;
let pgConfig = '';
let sqliteConfig = '';
let node: PgNode | null = null;
let sqlite: Service | null = null;
let port = 0;
let lyon = '';
let paris = '';

async function cli(config: string, ...args: string[]): Promise<string> {
  return (await run(process.execPath, [CLI, ...args, '--config', config], { encoding: 'utf8' })).stdout;
}

const get = (path: string, headers: Record<string, string> = {}, on = port) => request(on, path, { headers });
const admin = { Authorization: `Bearer ${ADMIN}` };

/** The sample config on `database`, with the desk feed private and one public name for self links. */
function writeConfig(name: string, database: string): string {
  const config = JSON.parse(JSON.stringify(sample.loaded.config)) as Record<string, unknown> & { feeds: Array<Record<string, unknown>> };
  config['database'] = database;
  config['server'] = { host: '127.0.0.1', port: 0, baseUrl: 'https://news.example', adminToken: ADMIN };
  config.feeds = [...config.feeds, { id: 'desk', title: 'Desk copy', access: 'token', include: { query: 'kenya OR flood*' } }];
  const path = join(sample.dir, name);
  writeFileSync(path, JSON.stringify(config));
  return path;
}

/** When the body was rendered (RSS lastBuildDate): the only bytes that depend on the moment, not the data. */
function withoutBuildDate(body: string): string {
  return body.replace(/<lastBuildDate>[^<]*<\/lastBuildDate>/, '');
}

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('condition never became true');
}

describePg('a PostgreSQL web node', () => {
  beforeAll(async () => {
    expect(existsSync(CLI), 'run `npm run build` first: this test spawns the real CLI').toBe(true);
    sample = await migratedSample();
    pgConfig = writeConfig('pg.config.json', sample.url);
    sqliteConfig = writeConfig('sqlite.config.json', sample.store.path);
    lyon = (await cli(pgConfig, 'tokens', 'create', '--feed', 'desk', '--name', 'Desk Lyon')).split('\n')[0] ?? '';
    paris = (await cli(pgConfig, 'tokens', 'create', '--feed', 'weather', '--name', 'Desk Paris')).split('\n')[0] ?? '';
    node = await startPgNode(loadConfig(pgConfig), 'web', silentLogger());
    port = Number(new URL(node.url ?? '').port);
  }, 90_000);
  afterAll(async () => {
    await node?.close();
    await sqlite?.close();
    await sample?.close();
  });

  it('refuses a private feed without a token (401) or with one that does not grant it (403), and serves it, and lists it in /feeds.opml, for a good one', async () => {
    const missing = await get('/feeds/desk.atom');
    expect([missing.status, missing.headers['www-authenticate']]).toEqual([401, 'Bearer realm="wiredesk"']);
    expect(missing.body.toString()).toMatch(/^access: feed "desk" is private/);
    expect((await get(`/feeds/desk.atom?token=wdt_${'x'.repeat(32)}`)).status).toBe(401);
    const other = await get(`/feeds/desk.atom?token=${paris}`);
    expect([other.status, other.body.toString()]).toEqual([403, 'access: token "Desk Paris" does not grant feed "desk"\n']);
    const ok = await get('/feeds/desk.atom', { Authorization: `Bearer ${lyon}` });
    expect([ok.status, ok.headers['cache-control']?.startsWith('private')]).toEqual([200, true]);
    expect(ok.body.toString()).toContain('<entry xml:lang=');
    expect((await get('/feeds.opml')).body.toString()).not.toContain('/feeds/desk.');
    expect((await get(`/feeds.opml?token=${lyon}`)).body.toString()).toContain(`/feeds/desk.rss?token=${lyon}"`);
  });

  it('serves the same private feed, search and story page bytes as a SQLite node over the same data and tokens', async () => {
    // The SQLite store holds the same tokens (same names and hashes) as the PostgreSQL one.
    for (const token of await createPgTokenPort(sample.db).all()) await sqliteTokenPort(sample.store.tokens).create(token);
    sqlite = await startService(loadConfig(sqliteConfig), { log: silentLogger(), role: 'web', ingestAtStart: false, schedule: false });
    const sqlitePort = Number(new URL(sqlite.url).port);
    const story = sample.store.ops.recentStories(25).find((st) => st.versions > 1)?.id ?? 'st_none';
    for (const path of [`/feeds/desk.rss?token=${lyon}`, `/feeds/desk.json?token=${lyon}`, `/search.json?q=kenya&token=${ADMIN}`, `/stories/${story}`]) {
      const [a, b] = await Promise.all([get(path), get(path, {}, sqlitePort)]);
      expect(a.status, path).toBe(200);
      expect(withoutBuildDate(a.body.toString()), path).toBe(withoutBuildDate(b.body.toString()));
    }
    expect((await get('/stories/st_0123abcd')).status).toBe(404);
  });

  it('keeps searches for the admin while a feed is private', async () => {
    expect((await get('/search.rss?q=kenya')).status).toBe(401);
    expect((await get(`/search.rss?q=kenya&token=${lyon}`)).status).toBe(403);
    const found = await get('/search.rss?q=kenya', admin);
    expect(found.status).toBe(200);
    expect(found.body.toString()).toMatch(/<item>/);
  });

  it('renders the dashboard in Chromium with every source, and exposes metrics with token counts, claims and clusterer lag', async () => {
    expect((await get('/')).status).toBe(401);
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
    try {
      const page = await browser.newPage({ extraHTTPHeaders: admin });
      expect((await page.goto(`${node?.url}/`))?.status()).toBe(200);
      const text = await page.locator('body').innerText();
      for (const source of sample.loaded.config.sources) expect(text).toContain(source.id);
      expect(text).toContain('Desk copy');
    } finally {
      await browser.close();
    }
    const metrics = (await get('/metrics', admin)).body.toString();
    expect(metrics).toMatch(/^wiredesk_token_requests_total\{token="Desk Lyon"\} [1-9]/m);
    expect(metrics).toMatch(/^wiredesk_claims_held 0$/m);
    expect(metrics).toMatch(/^wiredesk_clusterer_lag_items \d+$/m);
    expect(metrics).toMatch(/^wiredesk_tombstones \d+$/m);
    expect(metrics).toMatch(/^wiredesk_db_size_bytes [1-9]\d*$/m);
    expect(metrics).toMatch(/^wiredesk_feed_requests_total\{status="401"\} [1-9]/m);
  });

  it('refuses a token revoked by the CLI within its poll, and stores the requests it counted', async () => {
    await cli(pgConfig, 'tokens', 'revoke', 'Desk Lyon');
    await waitFor(async () => (await get(`/feeds/desk.rss?token=${lyon}`)).status === 403);
    expect((await get(`/feeds/desk.rss?token=${lyon}`)).body.toString()).toBe('access: token "Desk Lyon" was revoked\n');
    await node?.close();
    node = null;
    const listed = JSON.parse(await cli(pgConfig, 'tokens', 'list', '--json')) as Array<{ name: string; requests: number; revoked: string | null }>;
    expect(listed.map((t) => [t.name, t.requests >= 4, t.revoked !== null])).toEqual([['Desk Lyon', true, true], ['Desk Paris', false, false]]);
  });

  it('lists sources on PostgreSQL as on SQLite', async () => {
    const [onPg, onSqlite] = await Promise.all([cli(pgConfig, 'sources', '--json'), cli(sqliteConfig, 'sources', '--json')]);
    const rows = JSON.parse(onPg) as Array<{ id: string; items: number }>;
    expect(rows.map((r) => r.id)).toEqual(sample.loaded.config.sources.map((s) => s.id));
    expect(rows.every((r) => r.items > 0)).toBe(true);
    expect(onPg).toBe(onSqlite);
    expect(await cli(pgConfig, 'sources')).toMatch(/^SOURCE\s+KIND\s+LAST FETCH\s+STATUS\s+ITEMS\s+TOO OLD\s+ERRORS\s+NEXT FETCH\s+LAST ERROR/);
  });

  it('says which worker holds a live claim, and nobody for an expired one', async () => {
    const [live, expired] = sample.loaded.config.sources.map((c) => c.id);
    await sample.db.pool.query(`UPDATE sources SET claimed_by = 'worker-a', lease_expires_at = $2 WHERE id = $1`, [live, Date.now() + 600_000]);
    await sample.db.pool.query(`UPDATE sources SET claimed_by = 'worker-b', lease_expires_at = $2 WHERE id = $1`, [expired, Date.now() - 1000]);
    const rows = JSON.parse(await cli(pgConfig, 'sources', '--json')) as Array<{ id: string; claimedBy: string | null }>;
    expect(rows.filter((r) => r.claimedBy !== null)).toEqual([expect.objectContaining({ id: live, claimedBy: 'worker-a' })]);
    const table = (await cli(pgConfig, 'sources')).split('\n');
    expect(table[0]).toMatch(/NEXT FETCH\s+CLAIMED BY\s+LAST ERROR/);
    expect(table.find((line) => line.startsWith(`${live} `))).toContain('worker-a');
  });

  it('counts the fetches of its own worker in /metrics when it also polls (role all)', async () => {
    await sample.db.pool.query(`UPDATE sources SET next_fetch_at = NULL, claimed_by = NULL, lease_expires_at = NULL`);
    node = await startPgNode(loadConfig(pgConfig), 'all', silentLogger());
    const all = Number(new URL(node.url ?? '').port);
    const fetched = async () => Number(/^wiredesk_fetches_total\{status="200"\} (\d+)/m.exec((await get('/metrics', admin, all)).body.toString())?.[1] ?? 0);
    await waitFor(async () => (await fetched()) >= sample.loaded.config.sources.length);
    expect(await fetched()).toBe(sample.loaded.config.sources.length);
  });
});
