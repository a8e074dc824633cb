/** Private curated feeds over real HTTP: tokens made by the CLI, read by Debian's feedparser and a bare client. */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, parseConfigText } from '../../src/config/load-config.js';
import { feedLinkHeader, webSubTopics } from '../../src/http/publishing.js';
import { silentLogger } from '../../src/log/logger.js';
import { startService, type Service } from '../../src/service/service.js';
import { rssFeed } from '../faults/hostile-routes.js';
import { startFixtureServer, type FixtureServer } from '../fetch/fixture-server.js';
import { HAS_FEEDPARSER, PYTHON, skipNote } from '../helpers/clients.js';
import { request } from './http-client.js';

const run = promisify(execFile);
const CLI = resolve('dist/cli.js');
const ADMIN = 'admin-token-for-the-desk-0123';
let source: FixtureServer;
let service: Service | null = null;
let open: Service | null = null;
let configPath = '';
let port = 0;
let lyon = '';
let paris = '';

async function cli(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [CLI, ...args, '--config', configPath], { encoding: 'utf8' });
  return stdout;
}

const get = (path: string, headers: Record<string, string> = {}) => request(port, path, { headers });

beforeAll(async () => {
  source = await startFixtureServer({
    '/wire.rss': (_q, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('Wire', [
      { guid: 'w1', title: 'Licensed wire story about the harbour' }, { guid: 'w2', title: 'Second licensed story about the airport' },
    ])),
  });
  const dir = mkdtempSync(join(tmpdir(), 'wd-private-'));
  configPath = join(dir, 'feeds.config.json');
  writeFileSync(configPath, JSON.stringify({
    database: join(dir, 'wd.db'), server: { port: 0, adminToken: ADMIN }, retention: { days: 36500 },
    sources: [{ id: 'wire', url: source.url('/wire.rss'), kind: 'wire' }],
    feeds: [{ id: 'desk', title: 'Desk copy', access: 'token' }, { id: 'sport', title: 'Sport', access: 'token' }, { id: 'open', title: 'Open' }],
  }));
  lyon = (await cli('tokens', 'create', '--feed', 'desk', '--name', 'Desk Lyon')).split('\n')[0] ?? '';
  paris = (await cli('tokens', 'create', '--feed', 'sport,open', '--name', 'Desk Paris')).split('\n')[0] ?? '';
  service = await startService(loadConfig(configPath), { log: silentLogger(), schedule: false });
  await service.ready;
  port = Number(new URL(service.url).port);
}, 60_000);

afterAll(async () => {
  await service?.close();
  await open?.close();
  await source.close();
});

describe('private feeds', () => {
  it('prints a token once and keeps only its hash', async () => {
    expect(lyon).toMatch(/^wdt_[A-Za-z0-9_-]{32}$/);
    const listed = JSON.parse(await cli('tokens', 'list', '--json')) as Array<{ name: string; feeds: string[] }>;
    expect(listed.map((t) => [t.name, t.feeds])).toEqual([['Desk Lyon', ['desk']], ['Desk Paris', ['sport', 'open']]]);
    expect(JSON.stringify(listed)).not.toContain(lyon);
  });

  it('answers 401 without a token and 403 for a token that does not grant the feed, never the feed', async () => {
    const missing = await get('/feeds/desk.atom');
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toContain('Bearer');
    expect(missing.body.toString()).toMatch(/^access: feed "desk" is private/);
    expect((await get(`/feeds/desk.atom?token=wdt_${'x'.repeat(32)}`)).status).toBe(401);
    const other = await get(`/feeds/desk.atom?token=${paris}`);
    expect(other.status).toBe(403);
    expect(other.body.toString()).not.toContain('harbour');
  });

  it('serves the feed for ?token= and for Authorization: Bearer, marked private for caches', async () => {
    const byQuery = await get(`/feeds/desk.rss?token=${encodeURIComponent(lyon)}`);
    expect(byQuery.status).toBe(200);
    expect(byQuery.body.toString()).toContain('Licensed wire story about the harbour');
    expect(byQuery.headers['cache-control']).toMatch(/^private, max-age=/);
    const byHeader = await get('/feeds/desk.json', { Authorization: `Bearer ${lyon}` });
    expect(byHeader.status).toBe(200);
    expect((await get('/feeds/open.rss')).headers['cache-control']).toMatch(/^public/);
  });

  it.skipIf(!HAS_FEEDPARSER)(`is read by feedparser with its token and refused without${skipNote(HAS_FEEDPARSER, 'python3-feedparser')}`, async () => {
    const script = 'import feedparser,json,sys; d=feedparser.parse(sys.argv[1]); print(json.dumps({"status": d.get("status"), "titles": [e.title for e in d.entries]}))';
    const read = async (url: string) => JSON.parse((await run(PYTHON, ['-c', script, url], { encoding: 'utf8' })).stdout) as { status: number; titles: string[] };
    const without = await read(`${service?.url}/feeds/desk.atom`);
    expect(without).toEqual({ status: 401, titles: [] });
    const withToken = await read(`${service?.url}/feeds/desk.atom?token=${encodeURIComponent(lyon)}`);
    expect(withToken.status).toBe(200);
    expect(withToken.titles.sort()).toEqual(['Licensed wire story about the harbour', 'Second licensed story about the airport']);
  });

  it('lists private feeds in /feeds.opml only for a valid token, with that token in their URLs', async () => {
    const anonymous = (await get('/feeds.opml')).body.toString();
    expect(anonymous).toContain('/feeds/open.rss"');
    expect(anonymous).not.toContain('/feeds/desk.');
    expect(anonymous).not.toContain('token=');
    const mine = await get(`/feeds.opml?token=${encodeURIComponent(lyon)}`);
    expect(mine.headers['cache-control']).toBe('private, no-store');
    const body = mine.body.toString();
    expect(body).toContain(`/feeds/desk.rss?token=${lyon}"`);
    expect(body).toContain('/feeds/open.rss"');
    expect(body).not.toContain('/feeds/sport.');
    expect((await get('/feeds.opml?token=nope')).status).toBe(401);
  });

  it('keeps the dashboard, metrics and searches over private copy for the admin token', async () => {
    for (const path of ['/', '/metrics', '/search.rss?q=harbour']) {
      expect((await get(path)).status).toBe(401);
      expect((await get(path, { Authorization: `Bearer ${lyon}` })).status).toBe(403);
      expect((await get(path, { Authorization: `Bearer ${ADMIN}` })).status).toBe(200);
    }
    const basic = Buffer.from(`admin:${ADMIN}`).toString('base64');
    expect((await get('/', { Authorization: `Basic ${basic}` })).status).toBe(200);
  });

  it('counts requests per token in /metrics', async () => {
    const before = await tokenCount('Desk Lyon');
    await get(`/feeds/desk.rss?token=${lyon}`);
    await get(`/feeds/desk.atom?token=${lyon}`);
    expect(await tokenCount('Desk Lyon')).toBe(before + 2);
  });

  it('refuses a revoked token with 403 at once, and tokens list shows its use', async () => {
    await cli('tokens', 'revoke', 'Desk Lyon');
    const revoked = await get(`/feeds/desk.rss?token=${lyon}`);
    expect(revoked.status).toBe(403);
    expect(revoked.body.toString()).toBe('access: token "Desk Lyon" was revoked\n');
    expect((await get(`/feeds.opml?token=${lyon}`)).status).toBe(403);
    await service?.close();
    service = null;
    const listed = JSON.parse(await cli('tokens', 'list', '--json')) as Array<{ name: string; requests: number; lastUsed: string | null; revoked: string | null }>;
    const row = listed.find((t) => t.name === 'Desk Lyon');
    expect(row?.requests).toBeGreaterThanOrEqual(5);
    expect(row?.revoked).not.toBeNull();
  });
});

describe('admin pages without server.adminToken', () => {
  it('answer loopback clients only, and not what a proxy relays', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wd-open-'));
    const path = join(dir, 'feeds.config.json');
    writeFileSync(path, JSON.stringify({ database: join(dir, 'wd.db'), server: { port: 0 }, retention: { days: 36500 }, sources: [{ id: 'wire', url: source.url('/wire.rss'), kind: 'wire' }] }));
    open = await startService(loadConfig(path), { log: silentLogger(), schedule: false, ingestAtStart: false });
    const openPort = Number(new URL(open.url).port);
    expect((await request(openPort, '/')).status).toBe(200);
    expect((await request(openPort, '/metrics', { headers: { 'X-Forwarded-For': '203.0.113.9' } })).status).toBe(403);
    expect((await request(openPort, '/search.rss?q=harbour')).status).toBe(200);
  });
});

describe('WebSub and private feeds', () => {
  it('never announces a private feed to the hub, in topics or in its Link header', () => {
    const { config } = parseConfigText(JSON.stringify({
      websub: { hub: 'https://hub.example/' }, sources: [{ id: 'w', url: 'https://w.example/feed', kind: 'wire' }],
      feeds: [{ id: 'desk', title: 'Desk', access: 'token' }, { id: 'open', title: 'Open', formats: ['atom'] }],
    }), '/tmp/feeds.config.json', {});
    expect(webSubTopics(config).map((t) => t.id)).toEqual(['open']);
    const link = feedLinkHeader(() => config);
    expect(link('desk', 'atom')).toBeNull();
    expect(link('open', 'atom')).toContain('rel="hub"');
  });
});

async function tokenCount(name: string): Promise<number> {
  const text = (await get('/metrics', { Authorization: `Bearer ${ADMIN}` })).body.toString();
  const line = text.split('\n').find((l) => l.startsWith(`wiredesk_token_requests_total{token="${name}"}`));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}
