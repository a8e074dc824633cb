/**
 * End to end over the bundled sample config: the real service (port 0, temp database, start-up
 * ingest), every served feed read by real clients, the build output compared byte for byte, and
 * the WebSub pings a hub receives.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../src/cli/build.js';
import type { Config } from '../../src/config/schema.js';
import { silentLogger } from '../../src/log/logger.js';
import { startService, type Service } from '../../src/service/service.js';
import { openStore } from '../../src/store/open-store.js';
import { checkAtom } from './atom-rules.js';
import { startHubStub, type HubStub } from './hub-stub.js';
import { sampleWorkspace, type SampleWorkspace } from './sample-workspace.js';
import { HAS_FEEDPARSER, HAS_NEWSBOAT, HAS_XMLLINT, PYTHON, skipNote } from '../helpers/clients.js';

const run = promisify(execFile);
const FEEDPARSER_VIEW = join(import.meta.dirname, '../fixtures/emit/feedparser-view.py');

interface StoredRow { id: string; guid: string | null; url: string | null; title: string; author: string | null; categories: string; published: string | null }

let hub: HubStub;
let workspace: SampleWorkspace;
let service: Service;
let config: Config;
let rows: StoredRow[] = [];
const bodies = new Map<string, Buffer>();

/** Every served feed path of the sample config, plus one search feed. */
function feedPaths(): string[] {
  return config.feeds.flatMap((f) => f.formats.map((format) => `/feeds/${f.id}.${format}`));
}

beforeAll(async () => {
  hub = await startHubStub();
  workspace = sampleWorkspace((c) => {
    (c['server'] as Record<string, unknown>)['port'] = 0;
    c['websub'] = { hub: hub.url };
    (c['feeds'] as unknown[]).push({ id: 'floods', title: 'Floods and storms', language: 'en', include: { query: 'flood* OR storm OR rain*', languages: ['en'] }, limit: 20 });
  });
  service = await startService(workspace.loaded, { log: silentLogger(), schedule: false });
  await service.ready;
  config = { ...workspace.loaded.config, server: { ...workspace.loaded.config.server, baseUrl: service.url } };
  const db = new Database(workspace.loaded.config.database, { readonly: true });
  rows = db.prepare('SELECT id, guid, url, title, author, categories, published FROM items').all() as StoredRow[];
  db.close();
  for (const path of [...feedPaths(), '/search.atom?q=kenya', '/search.rss?q=kenya&limit=5', '/search.json?q=kenya', '/sources.opml', '/feeds.opml']) {
    const res = await fetch(`${service.url}${path}`, { headers: { 'accept-encoding': 'identity' } });
    expect(res.status, path).toBe(200);
    bodies.set(path, Buffer.from(await res.arrayBuffer()));
  }
});
afterAll(async () => {
  await service?.close();
  await hub?.close();
  if (workspace) rmSync(workspace.dir, { recursive: true, force: true });
});

describe('the sample config served by the service', () => {
  it('serves every feed with entries, the query-ruled one included', async () => {
    for (const path of feedPaths()) expect(bodies.get(path)?.length, path).toBeGreaterThan(1000);
    const floods = JSON.parse(bodies.get('/feeds/floods.json')?.toString() ?? '{}') as { items: Array<{ title: string }> };
    expect(floods.items.length).toBeGreaterThan(1);
  });

  it('pinged the hub once per feed URL after the start-up ingest, and not again when nothing changed', async () => {
    const topics = feedPaths().map((p) => `${service.url}${p}`);
    expect(hub.pings.every((p) => p.mode === 'publish' && p.contentType === 'application/x-www-form-urlencoded')).toBe(true);
    expect(hub.pings.flatMap((p) => p.urls).sort()).toEqual([...topics].sort());
    const before = hub.pings.length;
    await service.ingestOnce();
    expect(hub.pings.length).toBe(before);
  });

  it('advertises the hub in the feeds and in a Link header', async () => {
    const res = await fetch(`${service.url}/feeds/francais.atom`, { method: 'HEAD' });
    expect(res.headers.get('link')).toBe(`<${hub.url}>; rel="hub", <${service.url}/feeds/francais.atom>; rel="self"`);
    expect(bodies.get('/feeds/francais.atom')?.toString()).toContain(`<link rel="hub" href="${hub.url}"/>`);
    expect(bodies.get('/feeds/francais.rss')?.toString()).toContain(`href="${hub.url}" rel="hub"`);
  });

  it('sends the same bytes compressed with brotli and with gzip', async () => {
    for (const path of ['/feeds/francais.rss', '/feeds/world-wires.json']) {
      const br = await rawGet(path, 'br');
      const gzip = await rawGet(path, 'gzip');
      expect(br.encoding).toBe('br');
      expect(gzip.encoding).toBe('gzip');
      expect(brotliDecompressSync(br.body).equals(bodies.get(path) ?? Buffer.alloc(0))).toBe(true);
      expect(gunzipSync(gzip.body).equals(bodies.get(path) ?? Buffer.alloc(0))).toBe(true);
    }
  });

  it('builds a folder holding exactly the bytes served, plus both OPML lists', async () => {
    const out = mkdtempSync(join(workspace.dir, 'site-'));
    const store = openStore(workspace.loaded.config.database);
    try {
      await buildSite(config, store.curate, out);
    } finally {
      store.close();
    }
    for (const path of feedPaths()) expect(readFileSync(join(out, path.replace('/feeds/', ''))).equals(bodies.get(path) ?? Buffer.alloc(0)), path).toBe(true);
    for (const list of ['sources', 'feeds']) expect(readFileSync(join(out, `${list}.opml`)).equals(bodies.get(`/${list}.opml`) ?? Buffer.alloc(0))).toBe(true);
    // Atomic writes leave no temp file behind.
    expect(readdirSync(out).sort()).toEqual([...feedPaths().map((p) => p.replace('/feeds/', '')), 'feeds.opml', 'sources.opml'].sort());
  });

  it('caches feeds for half the 15-minute cron period and answers 304 to the served ETag', async () => {
    const res = await fetch(`${service.url}/feeds/world-wires.rss`, { headers: { 'accept-encoding': 'identity' } });
    expect(res.headers.get('cache-control')).toBe('public, max-age=450');
    const again = await fetch(`${service.url}/feeds/world-wires.rss`, { headers: { 'if-none-match': res.headers.get('etag') ?? '' } });
    expect(again.status).toBe(304);
  });
});

describe.skipIf(!HAS_XMLLINT)(`xmllint --noout${skipNote(HAS_XMLLINT, 'xmllint')}`, () => {
  it('finds every XML output well-formed (feeds, search, OPML)', async () => {
    const dir = mkdtempSync(join(workspace.dir, 'xml-'));
    [...bodies].filter(([path]) => !path.includes('.json')).forEach(([path, body], i) => {
      const file = join(dir, `${i}.xml`);
      writeFileSync(file, body);
      expect(() => execFileSync('/usr/bin/xmllint', ['--noout', '--nonet', file], { stdio: ['ignore', 'ignore', 'pipe'] }), path).not.toThrow();
    });
  });
});

describe('Atom RFC 4287 rules', () => {
  it('finds no violation in any served Atom feed', async () => {
    for (const [path, body] of bodies) if (path.includes('.atom')) expect(checkAtom(body.toString('utf8')), path).toEqual([]);
  });
});

describe('JSON Feed 1.1 rules', () => {
  const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
  it('gives every served JSON feed its required fields, string ids, content and absolute URLs', async () => {
    for (const [path, body] of bodies) {
      if (!path.includes('.json')) continue;
      const feed = JSON.parse(body.toString('utf8')) as Record<string, unknown> & { items: Array<Record<string, unknown>> };
      expect(feed['version'], path).toBe('https://jsonfeed.org/version/1.1');
      expect(typeof feed['title'], path).toBe('string');
      expect(String(feed['feed_url']), path).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/(feeds|search)/);
      const ids = feed.items.map((item) => item['id']);
      expect(new Set(ids).size, path).toBe(ids.length);
      for (const item of feed.items) {
        expect(typeof item['id'], path).toBe('string');
        expect(typeof item['content_html'] === 'string' || typeof item['content_text'] === 'string', path).toBe(true);
        if (item['url'] !== undefined) expect(String(item['url']), path).toMatch(/^https?:\/\//);
        for (const key of ['date_published', 'date_modified']) if (item[key] !== undefined) expect(String(item[key]), path).toMatch(RFC3339);
      }
    }
  });
});

interface FeedparserView {
  bozo: boolean; bozo_exception: string | null; version: string; feed: { title: string; language: string | null };
  entries: Array<{ title: string; link: string | null; id: string; updated: string | null; author: string | null; tags: string[] }>;
}

describe.skipIf(!HAS_FEEDPARSER)(`python3-feedparser${skipNote(HAS_FEEDPARSER, '/usr/bin/python3 with feedparser')}`, () => {
  // Debian's feedparser 6.0.10 predates JSON Feed support: it reads RSS and Atom only.
  it('reads every RSS and Atom feed without bozo, each entry equal to the stored item', async () => {
    const paths = [...feedPaths().filter((p) => !p.endsWith('.json')), '/search.atom?q=kenya'];
    const outputs = await Promise.all(paths.map((path) => run(PYTHON, [FEEDPARSER_VIEW, `${service.url}${path}`], { timeout: 30_000 })));
    for (const [i, path] of paths.entries()) {
      const view = JSON.parse(outputs[i]?.stdout ?? '{}') as FeedparserView;
      expect({ path, bozo: view.bozo, error: view.bozo_exception }).toEqual({ path, bozo: false, error: null });
      expect(view.entries.length, path).toBeGreaterThan(0);
      for (const entry of view.entries) expectStored(entry, path);
    }
  });
});

/** The entry's id leads back to one stored item (guid or our URN), and its fields are the stored ones. */
function expectStored(entry: FeedparserView['entries'][number], path: string): void {
  const urnId = /^urn:wiredesk:item:(.+)$/.exec(entry.id)?.[1];
  const row = rows.find((r) => (urnId !== undefined ? r.id === decodeURIComponent(urnId) : r.guid !== null && normalizedUri(r.guid) === entry.id));
  expect(row, `${path} ${entry.id}`).toBeDefined();
  if (row === undefined) return;
  expect(entry.title, path).toBe(row.title);
  if (row.url !== null) expect(entry.link, path).toBe(row.url);
  expect(entry.author ?? null, path).toBe(row.author);
  expect(entry.tags, path).toEqual(JSON.parse(row.categories));
  expect(entry.updated, path).not.toBeNull();
}

describe.skipIf(!HAS_NEWSBOAT)(`newsboat${skipNote(HAS_NEWSBOAT, '/usr/bin/newsboat')}`, () => {
  // One newsboat cache per feed: newsboat keeps one row per guid across all the feeds it reads.
  async function newsboatTitles(url: string): Promise<string[]> {
    const dir = mkdtempSync(join(workspace.dir, 'newsboat-'));
    writeFileSync(join(dir, 'urls'), `${url}\n`);
    const env = { ...process.env, HOME: dir, XDG_CONFIG_HOME: dir, XDG_DATA_HOME: dir };
    const args = ['-u', 'urls', '-c', 'cache.db', '-C', '/dev/null'];
    await run('/usr/bin/newsboat', ['-x', 'reload', ...args], { cwd: dir, env, timeout: 30_000 });
    const db = new Database(join(dir, 'cache.db'), { readonly: true });
    try {
      return (db.prepare('SELECT title FROM rss_item WHERE feedurl = ?').all(url) as Array<{ title: string }>).map((r) => r.title);
    } finally {
      db.close();
    }
  }

  it('lists every RSS and Atom feed with all its entries and their titles', async () => {
    const xmlPaths = feedPaths().filter((p) => !p.endsWith('.json'));
    const listed = await Promise.all(xmlPaths.map((p) => newsboatTitles(`${service.url}${p}`)));
    xmlPaths.forEach((path, i) => {
      const served = JSON.parse(bodies.get(path.replace(/\.(rss|atom)$/, '.json'))?.toString() ?? '{"items":[]}') as { items: Array<{ title: string }> };
      expect(served.items.length, path).toBeGreaterThan(0);
      expect([...(listed[i] ?? [])].sort(), path).toEqual(served.items.map((item) => item.title).sort());
    });
  });
});

function normalizedUri(value: string): string {
  try {
    return /^(urn|tag):/.test(value) ? value : new URL(value).href;
  } catch {
    return value;
  }
}

async function rawGet(path: string, encoding: string): Promise<{ encoding: string | null; body: Buffer }> {
  const { request } = await import('node:http');
  const url = new URL(`${service.url}${path}`);
  return new Promise((resolve, reject) => {
    request({ host: url.hostname, port: url.port, path, headers: { 'accept-encoding': encoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ encoding: res.headers['content-encoding'] ?? null, body: Buffer.concat(chunks) }));
    }).on('error', reject).end();
  });
}
