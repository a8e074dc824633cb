import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchResource } from '../../src/fetch/fetch-resource.js';
import type { FetchOptions } from '../../src/fetch/fetch-resource.js';
import type { WiredeskError } from '../../src/model/errors.js';
import { startFixtureServer, fetchFailure } from './fixture-server.js';
import type { FixtureServer, Route } from './fixture-server.js';

const TIMEOUT_MS = 400;
const CAP = 64 * 1024;
const OPTIONS: FetchOptions = { timeoutMs: TIMEOUT_MS, maxBytes: CAP };

/** Bytes each streaming route managed to hand to the socket before the client went away. */
const sent = new Map<string, { bytes: number; closedEarly: boolean }>();

/** Writes `chunk` forever (respecting back-pressure) until the client closes. */
const endless =
  (name: string, chunk: Buffer, headers: Record<string, string> = {}): Route =>
  (_req, res) => {
    const stats = { bytes: 0, closedEarly: false };
    sent.set(name, stats);
    res.writeHead(200, { 'content-type': 'application/rss+xml', ...headers });
    const source = new Readable({
      read() {
        stats.bytes += chunk.length;
        this.push(chunk);
      },
    });
    res.on('close', () => {
      stats.closedEarly = !res.writableFinished;
      source.destroy();
    });
    source.pipe(res);
  };

/** An endless gzip stream of zeros: a few KB on the wire per 10 MB inflated, and it never ends. */
const gzipBomb: Route = (_req, res) => {
  const stats = { bytes: 0, closedEarly: false };
  sent.set('bomb', stats);
  res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' });
  const zeros = Buffer.alloc(1 << 20);
  const source = new Readable({
    read() {
      this.push(zeros);
    },
  });
  const gzip = zlib.createGzip({ level: 9 });
  gzip.on('data', (compressed: Buffer) => {
    stats.bytes += compressed.length;
  });
  res.on('close', () => {
    stats.closedEarly = !res.writableFinished;
    source.destroy();
    gzip.destroy();
  });
  source.pipe(gzip).pipe(res);
};

let server: FixtureServer;

beforeAll(async () => {
  server = await startFixtureServer({
    '/hang': () => {
      // Accepts the request and never answers.
    },
    '/slow-body': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.write('<rss>');
      const timer = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(timer));
    },
    '/big': endless('big', Buffer.alloc(16 * 1024, 'x')),
    '/big-declared': (_req, res) => {
      res.writeHead(200, { 'content-length': String(10 * CAP) });
      res.write('x'.repeat(1024));
    },
    '/bomb': gzipBomb,
    '/at-cap': (_req, res) => res.writeHead(200).end('y'.repeat(CAP)),
  });
});

afterAll(async () => {
  await server.close();
});

function failure(url: string, options: FetchOptions = OPTIONS): Promise<WiredeskError> {
  return fetchFailure(url, options);
}

describe('fetchResource time limits', () => {
  it('gives up on a server that never answers with FETCH_TIMEOUT naming the limit', async () => {
    const err = await failure(server.url('/hang'));
    expect(err.code).toBe('FETCH_TIMEOUT');
    expect(err.message).toContain(`${TIMEOUT_MS} ms`);
  });

  it('times out the whole response, not just the gap between bytes, for a trickling body', async () => {
    // A byte every 50 ms would never trip an idle timeout; the 400 ms total must.
    const err = await failure(server.url('/slow-body'));
    expect(err.code).toBe('FETCH_TIMEOUT');
  });

  it('reports an abort by the caller without waiting for the timeout', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const err = await failure(server.url('/hang'), { ...OPTIONS, timeoutMs: 10_000, signal: controller.signal });
    expect(err.code).toBe('FETCH_NETWORK');
    expect(err.message).toContain('aborted by the caller');
  });
});

describe('fetchResource size limits', () => {
  it('stops an endless body at the cap with FETCH_TOO_LARGE and closes the connection', async () => {
    const err = await failure(server.url('/big'), { ...OPTIONS, timeoutMs: 5000 });
    expect(err.code).toBe('FETCH_TOO_LARGE');
    expect(err.message).toContain(String(CAP));
    await expect.poll(() => sent.get('big')?.closedEarly).toBe(true);
  });

  it('refuses a body whose Content-Length is over the cap before reading it', async () => {
    expect((await failure(server.url('/big-declared'))).code).toBe('FETCH_TOO_LARGE');
  });

  it('accepts a body of exactly maxBytes', async () => {
    const result = await fetchResource(server.url('/at-cap'), OPTIONS);
    expect(result.body.length).toBe(CAP);
  });

  it('stops a gzip bomb at the cap after decompression instead of inflating it', async () => {
    // The bomb never ends: inflating it all would hang until the 5 s timeout instead.
    const err = await failure(server.url('/bomb'), { timeoutMs: 5000, maxBytes: 1 << 20 });
    expect(err.code).toBe('FETCH_TOO_LARGE');
    await expect.poll(() => sent.get('bomb')?.closedEarly).toBe(true);
    // 1 MB of zeros is about 1 KB of gzip; allow for socket buffers, far below what 5 s would send.
    expect(sent.get('bomb')?.bytes ?? Infinity).toBeLessThan(4 << 20);
  });
});
