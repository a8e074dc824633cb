import type { Server } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { renderFeed } from '../../src/emit/render-feed.js';
import { createFeedCache } from '../../src/http/feed-cache.js';
import type { FeedCache } from '../../src/http/feed-cache.js';
import { createHttpServer } from '../../src/http/server.js';
import type { CuratedFeed, OutputFormat } from '../../src/model/curated.js';
import { sampleFeed } from '../fixtures/emit/sample-feed.js';
import { close, listen, request } from './http-client.js';

const BASE_URL = 'http://127.0.0.1:8080';
let feed: CuratedFeed = sampleFeed();
let generation = 1;
let healthy = true;
const loadedIds: string[] = [];
let cache: FeedCache;
let server: Server;
let port = 0;

beforeAll(async () => {
  cache = createFeedCache({
    loadFeed: async (id) => {
      loadedIds.push(id);
      return id === 'une' || id === 'rss-only' ? feed : null;
    },
    generation: () => generation,
  });
  const formats: Record<string, OutputFormat[]> = { une: ['rss', 'atom', 'json'], 'rss-only': ['rss'], ghost: ['rss'] };
  server = createHttpServer(
    {
      cache,
      feedIds: () => Object.keys(formats),
      formatsOf: (id) => formats[id] ?? [],
      health: () => ({ ok: healthy, sources: 3 }),
      maxAgeSeconds: 120,
    },
    [
      { method: 'GET', path: /^\/hello\/([a-z]+)$/, handle: (_req, res, match) => void res.end(`hello ${match?.[1]}`) },
      { method: 'GET', path: '/boom', handle: () => { throw new Error('boom'); } },
    ],
  );
  port = await listen(server);
});
afterAll(() => close(server));
beforeEach(() => {
  feed = sampleFeed();
  healthy = true;
});

const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => request(port, path, { method, headers });

describe('GET /feeds/<id>.<format>', () => {
  it('serves each format with its type, validators, caching headers and the rendered body', async () => {
    for (const format of ['rss', 'atom', 'json'] as const) {
      const res = await get(`/feeds/une.${format}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(renderFeed(feed, format).contentType);
      expect(res.headers['etag']).toMatch(/^"[A-Za-z0-9_-]+"$/);
      expect(new Date(res.headers['last-modified'] ?? '').toUTCString()).toBe(res.headers['last-modified']);
      expect(res.headers['cache-control']).toBe('public, max-age=120');
      expect(res.headers['vary']).toBe('Accept-Encoding');
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.body.toString('utf8')).toBe(renderFeed(sampleFeed({ baseUrl: BASE_URL }), format).body);
      expect(res.headers['content-length']).toBe(String(res.body.length));
    }
  });

  it('allows any origin on the JSON feed only', async () => {
    expect((await get('/feeds/une.json')).headers['access-control-allow-origin']).toBe('*');
    expect((await get('/feeds/une.rss')).headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers 304 without a body when If-None-Match holds the ETag, alone, in a list or weak', async () => {
    const { headers } = await get('/feeds/une.atom');
    const etag = headers['etag'] ?? '';
    for (const ifNoneMatch of [etag, `"other", ${etag}`, `W/${etag}`, '*']) {
      const res = await get('/feeds/une.atom', { 'If-None-Match': ifNoneMatch });
      expect(res.status).toBe(304);
      expect(res.body.length).toBe(0);
      expect(res.headers['etag']).toBe(etag);
      expect(res.headers['last-modified']).toBe(headers['last-modified']);
    }
    expect((await get('/feeds/une.atom', { 'If-None-Match': '"other"' })).status).toBe(200);
  });

  it('answers 304 on If-Modified-Since at or after Last-Modified, unless If-None-Match disagrees', async () => {
    const lastModified = (await get('/feeds/une.rss')).headers['last-modified'] ?? '';
    // Later than Last-Modified but not in the future (a future date is ignored).
    const later = new Date(Math.max(Date.parse(lastModified), Date.now() - 1000)).toUTCString();
    const future = new Date(Date.now() + 3600_000).toUTCString();
    const earlier = new Date(Date.parse(lastModified) - 1000).toUTCString();
    expect((await get('/feeds/une.rss', { 'If-Modified-Since': lastModified })).status).toBe(304);
    expect((await get('/feeds/une.rss', { 'If-Modified-Since': later })).status).toBe(304);
    expect((await get('/feeds/une.rss', { 'If-Modified-Since': earlier })).status).toBe(200);
    expect((await get('/feeds/une.rss', { 'If-Modified-Since': 'garbage' })).status).toBe(200);
    expect((await get('/feeds/une.rss', { 'If-Modified-Since': 'garbage 99999' })).status).toBe(200);
    expect((await get('/feeds/une.rss', { 'If-Modified-Since': '2099-01-01' })).status).toBe(200);
    expect((await get('/feeds/une.rss', { 'If-Modified-Since': future })).status).toBe(200);
    expect((await get('/feeds/une.rss', { 'If-Modified-Since': later, 'If-None-Match': '"other"' })).status).toBe(200);
  });

  it('answers HEAD with the GET headers and no body', async () => {
    const full = await get('/feeds/une.json');
    const head = await get('/feeds/une.json', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    for (const name of ['content-type', 'content-length', 'etag', 'last-modified', 'cache-control', 'access-control-allow-origin']) {
      expect(head.headers[name]).toBe(full.headers[name]);
    }
  });

  it('sends the precompressed gzip body when gzip is preferred or the only one accepted, with its own ETag', async () => {
    const plain = await get('/feeds/une.rss');
    const gzipped = await get('/feeds/une.rss', { 'Accept-Encoding': 'br;q=0.5, gzip;q=0.8' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.body.length).toBeLessThan(plain.body.length);
    expect(gunzipSync(gzipped.body).equals(plain.body)).toBe(true);
    expect(gzipped.headers['etag']).not.toBe(plain.headers['etag']);
    expect((await get('/feeds/une.rss', { 'Accept-Encoding': 'gzip', 'If-None-Match': gzipped.headers['etag'] ?? '' })).status).toBe(304);
    expect((await get('/feeds/une.rss', { 'Accept-Encoding': 'x-gzip' })).headers['content-encoding']).toBe('gzip');
    for (const refused of ['gzip;q=0', 'identity', '*;q=0', 'deflate']) {
      expect((await get('/feeds/une.rss', { 'Accept-Encoding': refused })).headers['content-encoding']).toBeUndefined();
    }
  });

  it('sends the precompressed brotli body when accepted at least as much as gzip, with a third ETag', async () => {
    const plain = await get('/feeds/une.atom');
    const gzipped = await get('/feeds/une.atom', { 'Accept-Encoding': 'gzip' });
    for (const header of ['br', 'gzip, deflate, br', 'br;q=1, gzip;q=0.8', '*']) {
      const res = await get('/feeds/une.atom', { 'Accept-Encoding': header });
      expect(res.headers['content-encoding'], header).toBe('br');
      expect(brotliDecompressSync(res.body).equals(plain.body)).toBe(true);
      expect(res.body.length).toBeLessThan(gzipped.body.length);
      expect(res.headers['vary']).toBe('Accept-Encoding');
      expect(new Set([res.headers['etag'], gzipped.headers['etag'], plain.headers['etag']]).size).toBe(3);
    }
    const br = await get('/feeds/une.atom', { 'Accept-Encoding': 'br' });
    // Any of the three tags proves the client has this version, whatever coding it asks for now.
    for (const tag of [br.headers['etag'], gzipped.headers['etag'], plain.headers['etag']]) {
      expect((await get('/feeds/une.atom', { 'Accept-Encoding': 'br', 'If-None-Match': tag ?? '' })).status).toBe(304);
    }
    const head = await get('/feeds/une.atom', { 'Accept-Encoding': 'br' }, 'HEAD');
    expect(head.headers['content-length']).toBe(String(br.body.length));
    expect(head.body.length).toBe(0);
  });

  it('ignores the query string', async () => {
    expect((await get('/feeds/une.atom?utm_source=x')).status).toBe(200);
  });

  it('answers 404 in plain text for an unknown feed, a format not enabled, or a feed that has vanished', async () => {
    for (const path of ['/feeds/nope.rss', '/feeds/rss-only.atom', '/feeds/ghost.rss', '/feeds/une.xml']) {
      const res = await get(path);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(res.body.length).toBeLessThan(100);
    }
  });

  it('answers 404 to path tricks and never hands them to the feed loader', async () => {
    loadedIds.length = 0;
    const tricks = [
      '/feeds/../etc/passwd', '/feeds/..%2F..%2Fetc%2Fpasswd', '/feeds/%2e%2e/%2e%2e/etc/passwd', '/feeds/%2E%2E%2Fetc%2Fpasswd.rss',
      '/feeds/une.rss/../../../etc/passwd', '/feeds/..%5cune.rss', '/feeds/une.rss%00', '/feeds/UNE.rss', '/feeds/.rss',
      '/feeds/-x.rss', '//feeds/une.rss', '/feeds//une.rss', '/x/../feeds/une.rss', '/etc/passwd',
    ];
    for (const path of tricks) expect((await get(path)).status, path).toBe(404);
    expect(loadedIds.filter((id) => id !== 'une' && id !== 'rss-only')).toEqual([]);
  });

  it('answers 405 with Allow to other methods on a known path', async () => {
    const post = await get('/feeds/une.rss', {}, 'POST');
    expect(post.status).toBe(405);
    expect(post.headers['allow']).toBe('GET, HEAD');
    expect((await get('/healthz', {}, 'DELETE')).headers['allow']).toBe('GET, HEAD');
    expect((await get('/nowhere', {}, 'POST')).status).toBe(404);
  });
});

describe('GET /healthz', () => {
  it('returns the health report as JSON: 200 when ok, 503 when not', async () => {
    const ok = await get('/healthz');
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(ok.body.toString('utf8'))).toEqual({ ok: true, sources: 3 });
    healthy = false;
    const down = await get('/healthz');
    expect(down.status).toBe(503);
    expect(JSON.parse(down.body.toString('utf8'))).toEqual({ ok: false, sources: 3 });
  });
});

describe('extra routes', () => {
  it('serves routes added by other modules, with RegExp captures', async () => {
    const res = await get('/hello/world');
    expect(res.status).toBe(200);
    expect(res.body.toString('utf8')).toBe('hello world');
  });

  it('turns a failing handler into a 500', async () => {
    expect((await get('/boom')).status).toBe(500);
  });
});

describe('the render cache behind the server', () => {
  it('serves the cached body without loading the feed while the generation is unchanged', async () => {
    generation += 1;
    const first = await get('/feeds/une.json');
    const before = cache.stats();
    const second = await get('/feeds/une.json');
    const after = cache.stats();
    expect(second.headers['etag']).toBe(first.headers['etag']);
    expect(after.loads).toBe(before.loads);
    expect(after.renders).toBe(before.renders);
    expect(after.hits).toBe(before.hits + 1);
  });

  it('does not re-render when the generation changes but the entries are the same', async () => {
    const first = await get('/feeds/une.atom');
    const before = cache.stats();
    generation += 1;
    feed = sampleFeed();
    const second = await get('/feeds/une.atom');
    const after = cache.stats();
    expect(after.loads).toBe(before.loads + 1);
    expect(after.renders).toBe(before.renders);
    expect(second.headers['etag']).toBe(first.headers['etag']);
    expect(second.headers['last-modified']).toBe(first.headers['last-modified']);
  });

  it('re-renders with a new ETag and a later Last-Modified when the entries change', async () => {
    const first = await get('/feeds/une.atom');
    const before = cache.stats();
    generation += 1;
    feed = sampleFeed({ entries: sampleFeed().entries.slice(1) });
    // The request right after the change still gets the previous bytes, and starts the re-render.
    expect((await get('/feeds/une.atom')).headers['etag']).toBe(first.headers['etag']);
    await cache.get('une', 'atom');
    const second = await get('/feeds/une.atom');
    expect(cache.stats().renders).toBeGreaterThan(before.renders);
    expect(second.headers['etag']).not.toBe(first.headers['etag']);
    expect(Date.parse(second.headers['last-modified'] ?? '')).toBeGreaterThan(Date.parse(first.headers['last-modified'] ?? ''));
    expect((await get('/feeds/une.atom', { 'If-None-Match': first.headers['etag'] ?? '' })).status).toBe(200);
  });
});
