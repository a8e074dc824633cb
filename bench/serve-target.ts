/**
 * Child process of the serve benchmark: our HTTP server (route table, render cache, validators)
 * and a bare node:http server answering the same bytes, side by side. Prints one JSON line with
 * both ports, the feed path and its ETag, then serves until killed; answers IPC messages with its
 * CPU usage so far.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { loadConfig, resolveDatabasePath } from '../src/config/load-config.js';
import { createFeedLoader } from '../src/curate/feed-loader.js';
import { maxAgeFor } from '../src/http/cache-policy.js';
import { createFeedCache } from '../src/http/feed-cache.js';
import { createPublishingRoutes } from '../src/http/publishing.js';
import { createHttpServer } from '../src/http/server.js';
import type { OutputFormat } from '../src/model/curated.js';
import { openStore } from '../src/store/open-store.js';

const [configPath = '', feedId = '', format = 'rss'] = process.argv.slice(2);
const loaded = loadConfig(configPath);
const { config } = loaded;
const store = openStore(resolveDatabasePath(loaded));
const cache = createFeedCache({ loadFeed: createFeedLoader(() => config, store.curate), generation: () => store.meta.generation(), generationTtlMs: 1000 });
const maxAge = maxAgeFor(config.schedule);
const ours = createHttpServer(
  { cache, feedIds: () => config.feeds.map((f) => f.id), formatsOf: (id) => (config.feeds.find((f) => f.id === id)?.formats ?? []) as OutputFormat[], health: () => ({ ok: true }), maxAgeSeconds: maxAge },
  createPublishingRoutes({ config: () => config, port: store.curate, generation: () => store.meta.generation(), maxAgeSeconds: maxAge }),
);
const cached = await cache.get(feedId, format as OutputFormat);
if (cached === null) throw new Error(`bench: feed ${feedId} not found`);
const { body, etag, contentType } = cached;
// The floor: the same bytes and the same conditional check, nothing else.
const bare = createServer((req, res) => {
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { ETag: etag });
    res.end();
    return;
  }
  res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': String(body.length), ETag: etag });
  res.end(body);
});
const listen = (server: Server) => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
const [oursPort, barePort] = [await listen(ours), await listen(bare)];
const entries = (body.toString('utf8').match(/<item>|<entry[ >]/g) ?? []).length;
process.stdout.write(`${JSON.stringify({ oursPort, barePort, path: `/feeds/${feedId}.${format}`, etag, bytes: body.length, entries })}\n`);
// CPU time spent by this process, asked over IPC around each run: robust when other work shares the cores.
process.on('message', () => process.send?.(process.cpuUsage()));
