/** Strong compression never runs on the request path: a large body is served at once, its brotli twin follows. */
import { createServer, type Server } from 'node:http';
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRss } from '../../bench/generate-feed.js';
import { makeRepresentation, type Representation } from '../../src/http/representation.js';
import { sendRepresentation } from '../../src/http/respond.js';
import { close, listen, request } from './http-client.js';

const BIG = Buffer.from(generateRss(150), 'utf8');
let rep: Representation;
let server: Server;
let port = 0;

beforeAll(async () => {
  server = createServer((req, res) => sendRepresentation(req, res, rep, { cacheControl: 'no-cache' }));
  port = await listen(server);
});
afterAll(() => close(server));

describe('compressing a large feed', () => {
  it('keeps the event loop turning while brotli 10 runs, then serves the brotli twin', async () => {
    expect(BIG.length).toBeGreaterThan(100_000);
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 1);
    rep = makeRepresentation(BIG, 'application/rss+xml', new Date(0).toUTCString());
    const first = await request(port, '/', { headers: { 'Accept-Encoding': 'br' } });
    expect(first.headers['content-encoding']).toBeUndefined();
    expect(first.body.equals(BIG)).toBe(true);
    await rep.compressed;
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(2);
    const later = await request(port, '/', { headers: { 'Accept-Encoding': 'br' } });
    expect(later.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(later.body).equals(BIG)).toBe(true);
    expect(later.body.length).toBeLessThan(BIG.length / 2);
  });

  it('compresses a small body at once, so even the first answer is compressed', async () => {
    rep = makeRepresentation(BIG.subarray(0, 20_000), 'application/rss+xml', new Date(0).toUTCString());
    expect((await request(port, '/', { headers: { 'Accept-Encoding': 'gzip' } })).headers['content-encoding']).toBe('gzip');
    expect((await request(port, '/', { headers: { 'Accept-Encoding': 'br' } })).headers['content-encoding']).toBe('br');
    await rep.compressed;
  });
});
