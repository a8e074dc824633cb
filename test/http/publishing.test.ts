/** Search feeds, OPML lists, CORS preflight and the schedule-derived max-age, over real HTTP. */
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/schema.js';
import { createFeedLoader } from '../../src/curate/feed-loader.js';
import { maxAgeFor, cronPeriodSeconds } from '../../src/http/cache-policy.js';
import { createFeedCache } from '../../src/http/feed-cache.js';
import { createPublishingRoutes } from '../../src/http/publishing.js';
import { createHttpServer } from '../../src/http/server.js';
import type { Store } from '../../src/store/open-store.js';
import { ingestedSample } from '../e2e/sample-workspace.js';
import { close, listen, request } from './http-client.js';

let store: Store;
let config: Config;
let server: Server;
let port = 0;
let dir = '';

beforeAll(async () => {
  const sample = await ingestedSample((c) => {
    (c['sources'] as Array<Record<string, unknown>>)[0]!['url'] = 'https://wire.example.com/fr/rss.xml';
  });
  store = sample.store;
  dir = sample.dir;
  config = sample.loaded.config;
  const cache = createFeedCache({ loadFeed: createFeedLoader(() => config, store.curate), generation: () => store.meta.generation() });
  server = createHttpServer(
    { cache, feedIds: () => config.feeds.map((f) => f.id), formatsOf: () => ['rss', 'atom', 'json'], health: () => ({ ok: true }), maxAgeSeconds: 450 },
    createPublishingRoutes({ config: () => config, port: store.curate, generation: () => store.meta.generation(), maxAgeSeconds: 450 }),
  );
  port = await listen(server);
});
afterAll(async () => {
  await close(server);
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => request(port, path, { method, headers });

describe('GET /search.<format>?q=', () => {
  it('answers each format with the matching stories, newest first, and its own URL as self link', async () => {
    const json = await get('/search.json?q=kenya');
    expect(json.status).toBe(200);
    expect(json.headers['content-type']).toBe('application/feed+json; charset=utf-8');
    expect(json.headers['access-control-allow-origin']).toBe('*');
    const feed = JSON.parse(json.body.toString()) as { feed_url: string; items: Array<{ title: string; date_published: string }> };
    expect(feed.feed_url).toBe('http://127.0.0.1:8080/search.json?q=kenya');
    expect(feed.items.length).toBeGreaterThan(0);
    expect(feed.items.every((i) => /kenya/i.test(i.title))).toBe(true);
    const atom = await get('/search.atom?q=kenya');
    expect(atom.body.toString()).toContain('<link rel="self" href="http://127.0.0.1:8080/search.atom?q=kenya"/>');
    expect((await get('/search.rss?q=kenya')).headers['content-type']).toBe('application/rss+xml; charset=utf-8');
  });

  it('answers 400 with a clear message for a missing or invalid query and a bad limit', async () => {
    const missing = await get('/search.rss');
    expect(missing.status).toBe(400);
    expect(missing.body.toString()).toMatch(/missing q/);
    const bad = await get(`/search.atom?q=${encodeURIComponent('kenya AND')}`);
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(bad.body.toString()).toMatch(/^curate: search query syntax error near the end \(at character 10\); see README "Full-text queries"/);
    expect((await get('/search.atom?q=author%3Ax')).body.toString()).toMatch(/no such column: author/);
    expect((await get('/search.json?q=x&limit=-3')).status).toBe(400);
    expect((await get('/search.json?q=x&limit=abc')).status).toBe(400);
  });

  it('returns at most 100 entries whatever limit is asked', async () => {
    const res = await get('/search.json?q=the%20OR%20le%20OR%20la&limit=5000');
    const feed = JSON.parse(res.body.toString()) as { feed_url: string; items: unknown[] };
    expect(feed.items.length).toBeLessThanOrEqual(100);
    expect(feed.feed_url).toContain('limit=100');
    const two = JSON.parse((await get('/search.json?q=the%20OR%20le&limit=2')).body.toString()) as { items: unknown[] };
    expect(two.items).toHaveLength(2);
  });

  it('revalidates with ETag like a feed', async () => {
    const first = await get('/search.rss?q=dubai', { 'Accept-Encoding': 'br' });
    expect(first.headers['content-encoding']).toBe('br');
    expect(first.headers['cache-control']).toBe('public, max-age=450');
    expect((await get('/search.rss?q=dubai', { 'If-None-Match': first.headers['etag'] ?? '' })).status).toBe(304);
  });
});

describe('GET /sources.opml and /feeds.opml', () => {
  it('lists the curated feeds as OPML 2.0 subscriptions, one per feed', async () => {
    const res = await get('/feeds.opml');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/x-opml; charset=utf-8');
    const body = res.body.toString();
    expect(body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<opml version="2.0">/);
    const urls = [...body.matchAll(/xmlUrl="([^"]+)"/g)].map((m) => m[1]);
    expect(urls).toEqual(config.feeds.map((f) => `http://127.0.0.1:8080/feeds/${f.id}.rss`));
    expect(body).toContain('text="Toute l&#39;actualité en français"');
    expect(body).toContain('type="rss"');
    if (existsSync('/usr/bin/xmllint')) execFileSync('/usr/bin/xmllint', ['--noout', '-'], { input: body });
  });

  it('lists http sources as subscriptions and file sources as plain outlines, grouped by kind', async () => {
    const body = (await get('/sources.opml')).body.toString();
    expect(body).toContain('<outline text="Wires" title="Wires">');
    expect(body).toContain('<outline text="Partners" title="Partners">');
    expect(body).toMatch(/<outline text="Agence Wiredesk Presse"[^>]* type="rss" xmlUrl="https:\/\/wire\.example\.com\/fr\/rss\.xml"\/>/);
    expect(body).toMatch(/<outline text="La Gazette"[^>]*description="not subscribable: read from a local file \(lagazette\)"\/>/);
    expect(body).not.toContain('/work/');
    expect(body).not.toContain('file:');
  });

  it('lists an html source as a link to visit, not a feed, and never leaves an outline without text', async () => {
    const before = config;
    try {
      config = { ...config, sources: [...config.sources,
        { ...config.sources[0]!, id: 'scraped-web', url: 'https://partner.example/news/', type: 'html', title: 'Partner pages' },
        { ...config.sources[0]!, id: 'markup-title', url: 'https://partner.example/f.rss', title: '<b><i></i></b>' }] };
      const body = (await get('/sources.opml')).body.toString();
      expect(body).toMatch(/<outline text="Partner pages"[^>]* type="link" url="https:\/\/partner\.example\/news\/" description="a web page wiredesk scrapes \(scraped-web\), not a feed"\/>/);
      expect(body).not.toMatch(/xmlUrl="https:\/\/partner\.example\/news\/"/);
      expect(body).toMatch(/<outline text="markup-title" title="markup-title"[^>]* type="rss" xmlUrl="https:\/\/partner\.example\/f\.rss"\/>/);
      expect([...body.matchAll(/<outline(?![^>]*\btext="[^"]+")[^>]*>/g)]).toEqual([]);
      if (existsSync('/usr/bin/xmllint')) execFileSync('/usr/bin/xmllint', ['--noout', '-'], { input: body });
    } finally {
      config = before;
    }
  });

  it('follows a reloaded config at once', async () => {
    const before = config;
    try {
      config = { ...config, feeds: [...config.feeds, { ...config.feeds[0]!, id: 'extra', title: 'Extra' }] };
      expect((await get('/feeds.opml')).body.toString()).toContain('xmlUrl="http://127.0.0.1:8080/feeds/extra.rss"');
    } finally {
      config = before;
    }
    expect((await get('/feeds.opml')).body.toString()).not.toContain('extra');
  });

  it('answers 304 to its ETag and keeps it while the store does not change', async () => {
    const first = await get('/sources.opml');
    const again = await get('/sources.opml', { 'If-None-Match': first.headers['etag'] ?? '' });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });
});

describe('CORS', () => {
  it('answers the preflight of JSON feeds and searches, and nothing else', async () => {
    for (const path of ['/feeds/francais.json', '/search.json']) {
      const res = await get(path, { Origin: 'https://app.example', 'Access-Control-Request-Method': 'GET' }, 'OPTIONS');
      expect(res.status).toBe(204);
      expect(res.headers).toMatchObject({ 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET, HEAD' });
      expect(res.headers['access-control-allow-headers']).toContain('If-None-Match');
    }
    expect((await get('/feeds/francais.rss', {}, 'OPTIONS')).status).toBe(405);
    const json = await get('/feeds/francais.json');
    expect(json.headers['access-control-expose-headers']).toBe('ETag, Last-Modified, Link');
    expect((await get('/feeds/francais.atom')).headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('Cache-Control max-age from the schedule', () => {
  it('is half the cron period, bounded to 30 s .. 30 min, else half the default interval', () => {
    expect(cronPeriodSeconds('*/15 * * * *')).toBe(900);
    expect(maxAgeFor({ cron: '*/15 * * * *', interval: 900 })).toBe(450);
    expect(maxAgeFor({ cron: '*/5 * * * *', interval: 900 })).toBe(150);
    expect(maxAgeFor({ cron: '0 */6 * * *', interval: 900 })).toBe(1800);
    expect(maxAgeFor({ cron: '* * * * * *', interval: 900 })).toBe(30);
    expect(maxAgeFor({ cron: 'not a cron at all', interval: 600 })).toBe(300);
  });
});
