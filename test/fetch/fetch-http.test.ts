import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchResource } from '../../src/fetch/fetch-resource.js';
import type { FetchOptions } from '../../src/fetch/fetch-resource.js';
import { FetchStatusError } from '../../src/fetch/fetch-errors.js';
import type { WiredeskError } from '../../src/model/errors.js';
import { lastRequestTo, startFixtureServer, fetchFailure } from './fixture-server.js';
import type { FixtureServer } from './fixture-server.js';

const FEED = readFileSync(fileURLToPath(new URL('../fixtures/fetch/wire-sample.rss', import.meta.url)));
const ETAG = '"wire-v1"';
const LAST_MODIFIED = 'Wed, 17 Apr 2024 19:05:00 GMT';
const OPTIONS: FetchOptions = { timeoutMs: 2000, maxBytes: 1 << 20 };

let server: FixtureServer;

beforeAll(async () => {
  server = await startFixtureServer({
    '/feed.rss': (req, res) => {
      const validators = { etag: ETAG, 'last-modified': LAST_MODIFIED, 'cache-control': 'max-age=300' };
      if (req.headers['if-none-match'] === ETAG || req.headers['if-modified-since'] === LAST_MODIFIED) {
        res.writeHead(304, validators).end();
        return;
      }
      res.writeHead(200, { ...validators, 'content-type': 'application/rss+xml; charset=utf-8' }).end(FEED);
    },
    '/bare-304': (_req, res) => res.writeHead(304).end(),
    '/gzip.rss': (_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(zlib.gzipSync(FEED)),
    '/br.rss': (_req, res) => res.writeHead(200, { 'content-encoding': 'br' }).end(zlib.brotliCompressSync(FEED)),
    '/deflate.rss': (_req, res) => res.writeHead(200, { 'content-encoding': 'deflate' }).end(zlib.deflateSync(FEED)),
    '/not-gzip': (_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end('plain text, not gzip at all'),
    '/compress': (_req, res) => res.writeHead(200, { 'content-encoding': 'compress' }).end('whatever'),
    '/empty': (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(),
    '/status/404': (_req, res) => res.writeHead(404).end('not here'),
    '/status/500': (_req, res) => res.writeHead(500).end('boom'),
    '/status/403': (_req, res) => res.writeHead(403).end('go away'),
    '/status/429': (_req, res) => res.writeHead(429, { 'retry-after': '120' }).end('slow down'),
    '/reset': (_req, res) => {
      res.writeHead(200, { 'content-length': '5000' });
      res.write('<rss>partial');
      setTimeout(() => res.socket?.destroy(), 20);
    },
  });
});

afterAll(async () => {
  await server.close();
});

function failure(url: string, options: FetchOptions = OPTIONS): Promise<WiredeskError> {
  return fetchFailure(url, options);
}

describe('fetchResource over HTTP', () => {
  it('returns the body and captures ETag, Last-Modified, Content-Type and Cache-Control', async () => {
    const result = await fetchResource(server.url('/feed.rss'), OPTIONS);
    expect(result).toMatchObject({
      url: server.url('/feed.rss'),
      status: 200,
      notModified: false,
      contentType: 'application/rss+xml; charset=utf-8',
      etag: ETAG,
      lastModified: LAST_MODIFIED,
      cacheControl: 'max-age=300',
      permanentRedirect: null,
      retryAfter: null,
    });
    expect(result.body.equals(FEED)).toBe(true);
    expect(result.ms).toBeGreaterThanOrEqual(0);
  });

  it('sends a User-Agent naming wiredesk, an Accept for feeds and Accept-Encoding gzip, deflate, br', async () => {
    await fetchResource(server.url('/feed.rss'), OPTIONS);
    const sent = lastRequestTo(server, '/feed.rss')?.headers;
    expect(sent?.['user-agent']).toMatch(/^wiredesk\/\S+ \(/);
    expect(sent?.accept).toContain('application/rss+xml');
    expect(sent?.['accept-encoding']).toBe('gzip, deflate, br');
    expect(sent?.['if-none-match']).toBeUndefined();
  });

  it('sends a configured User-Agent instead of the default', async () => {
    await fetchResource(server.url('/feed.rss'), { ...OPTIONS, userAgent: 'wiredesk-test/9' });
    expect(lastRequestTo(server, '/feed.rss')?.headers['user-agent']).toBe('wiredesk-test/9');
  });

  it('sends If-None-Match and reports 304 Not Modified with an empty body', async () => {
    const result = await fetchResource(server.url('/feed.rss'), { ...OPTIONS, etag: ETAG });
    expect(lastRequestTo(server, '/feed.rss')?.headers['if-none-match']).toBe(ETAG);
    expect(result).toMatchObject({ status: 304, notModified: true, etag: ETAG, lastModified: LAST_MODIFIED });
    expect(result.body.length).toBe(0);
  });

  it('sends If-Modified-Since and reports 304 when the date matches', async () => {
    const result = await fetchResource(server.url('/feed.rss'), { ...OPTIONS, lastModified: LAST_MODIFIED });
    expect(lastRequestTo(server, '/feed.rss')?.headers['if-modified-since']).toBe(LAST_MODIFIED);
    expect(result.notModified).toBe(true);
  });

  it('keeps the validators it sent when a 304 carries none', async () => {
    const result = await fetchResource(server.url('/bare-304'), { ...OPTIONS, etag: '"x"', lastModified: LAST_MODIFIED });
    expect(result).toMatchObject({ status: 304, etag: '"x"', lastModified: LAST_MODIFIED });
  });

  it.each(['/gzip.rss', '/br.rss', '/deflate.rss'])('decompresses %s to the original bytes', async (path) => {
    const result = await fetchResource(server.url(path), OPTIONS);
    expect(result.body.toString('utf8')).toBe(FEED.toString('utf8'));
  });

  it('reports a body that claims gzip but is not as FETCH_NETWORK', async () => {
    const err = await failure(server.url('/not-gzip'));
    expect(err.code).toBe('FETCH_NETWORK');
    expect(err.message).toMatch(/^fetch: .*Content-Encoding/);
  });

  it('refuses a Content-Encoding it did not ask for', async () => {
    expect((await failure(server.url('/compress'))).code).toBe('FETCH_NETWORK');
  });

  it('reports an empty 200 as FETCH_EMPTY', async () => {
    expect((await failure(server.url('/empty'))).code).toBe('FETCH_EMPTY');
  });

  it('reports 404 as FETCH_HTTP_STATUS with the status and a hint to check the URL', async () => {
    const err = await failure(server.url('/status/404'));
    expect(err).toMatchObject({ code: 'FETCH_HTTP_STATUS', status: 404 });
    expect(err.message).toBe(`fetch: 404 from ${server.url('/status/404')}; check the source URL`);
  });

  it('reports 500 as FETCH_HTTP_STATUS with status 500', async () => {
    expect(await failure(server.url('/status/500'))).toMatchObject({ code: 'FETCH_HTTP_STATUS', status: 500 });
  });

  it('hints at auth on 403', async () => {
    const err = await failure(server.url('/status/403'));
    expect(err).toMatchObject({ code: 'FETCH_HTTP_STATUS', status: 403 });
    expect(err.message).toContain('auth');
  });

  it('carries Retry-After on 429 in the error and its message', async () => {
    const err = await failure(server.url('/status/429'));
    expect(err).toBeInstanceOf(FetchStatusError);
    expect(err).toMatchObject({ code: 'FETCH_HTTP_STATUS', status: 429, retryAfter: '120' });
    expect(err.message).toContain('Retry-After: 120');
  });

  it('reports a connection dropped mid-body as FETCH_NETWORK', async () => {
    expect((await failure(server.url('/reset'))).code).toBe('FETCH_NETWORK');
  });

  it('reports a refused connection as FETCH_NETWORK', async () => {
    const closed = await startFixtureServer({});
    const url = closed.url('/feed.rss');
    await closed.close();
    const err = await failure(url);
    expect(err.code).toBe('FETCH_NETWORK');
    expect(err.message).toContain('refused');
  });

  it('rejects schemes other than http, https and file as FETCH_BAD_URL', async () => {
    expect((await failure('ftp://example.org/feed.xml')).code).toBe('FETCH_BAD_URL');
    expect((await failure('mailto:desk@example.org')).code).toBe('FETCH_BAD_URL');
    expect((await failure('http://')).code).toBe('FETCH_BAD_URL');
  });
});
