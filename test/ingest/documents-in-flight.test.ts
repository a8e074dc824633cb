/**
 * Memory bounded by design: an ingest pass holds at most a few documents between fetch and commit
 * (the rest wait unfetched), and a document that needs more than a parse thread's heap fails its
 * source alone. Counted, never timed: the server counts the bodies it sent, the pass the sources
 * it finished.
 */
import { rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRss } from '../../bench/generate-feed.js';
import type * as ConfigModule from '../../src/config/load-config.js';
import type * as IngestModule from '../../src/ingest/run-ingest.js';
import type * as PoolModule from '../../src/ingest/read-feed-pool.js';
import type * as RefreshModule from '../../src/ingest/refresh-source.js';
import type * as LoggerModule from '../../src/log/logger.js';
import type * as StoreModule from '../../src/store/open-store.js';
import { startFixtureServer, type FixtureServer } from '../fetch/fixture-server.js';
import { tempStore } from '../helpers/temp-store.js';

// The parse threads run compiled code: the whole pass comes from dist/ (npm test builds it first).
const dist = async <T>(path: string): Promise<T> => (await import(new URL(`../../dist/${path}`, import.meta.url).href)) as T;
const { runIngest, createRefreshKit, documentsInFlight } = await dist<typeof IngestModule>('ingest/run-ingest.js');
const { poolSizeFor } = await dist<typeof PoolModule>('ingest/read-feed-pool.js');
const { refreshSource } = await dist<typeof RefreshModule>('ingest/refresh-source.js');
const { parseConfigText } = await dist<typeof ConfigModule>('config/load-config.js');
const { silentLogger } = await dist<typeof LoggerModule>('log/logger.js');
const { openStore } = await dist<typeof StoreModule>('store/open-store.js');

const SOURCES = 10;
let server: FixtureServer;
/** Bodies the server has finished sending (a fetched document exists from then on). */
let sent = 0;
/** Sources whose refresh has finished (committed, or failed and recorded). */
let finished = 0;
let mostHeld = 0;

beforeAll(async () => {
  const feeds = Array.from({ length: SOURCES }, (_, s) => Buffer.from(generateRss(60, 4, s * 1_000_000)));
  const huge = Buffer.from(generateRss(5000, 4, 90_000_000));
  const routes: Parameters<typeof startFixtureServer>[0] = {
    '/huge.rss': (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(huge),
  };
  feeds.forEach((body, s) => {
    routes[`/feed-${s}.rss`] = (_req, res) => {
      res.on('finish', () => {
        sent += 1;
        mostHeld = Math.max(mostHeld, sent - finished);
      });
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body);
    };
  });
  server = await startFixtureServer(routes);
});
afterAll(() => server.close());

function configFor(dbPath: string, paths: string[]) {
  // Every source on one host: the host limit must not be what bounds the documents in flight.
  return parseConfigText(JSON.stringify({
    database: dbPath, retention: { days: 36500 }, fetch: { perHostConcurrency: 8, parseTimeoutMs: 120_000 },
    sources: paths.map((path, s) => ({ id: `source-${s}`, url: server.url(path), kind: 'wire' })), feeds: [],
  }), '/tmp/feeds.config.json');
}

describe('documents held by an ingest pass', () => {
  it('never holds more fetched documents than the parse threads and the commit need, whatever the fetch concurrency', async () => {
    const { path, dir } = tempStore();
    const store = openStore(path);
    try {
      const loaded = configFor(path, Array.from({ length: SOURCES }, (_, s) => `/feed-${s}.rss`));
      expect(loaded.config.fetch.concurrency).toBeGreaterThan(documentsInFlight(poolSizeFor(availableParallelism())));
      const report = await runIngest(loaded, store, silentLogger(), { all: true, onProgress: (_o, done) => (finished = done) });
      expect(report.skipped).toBe(false);
      expect(sent).toBe(SOURCES);
      expect(store.items.count()).toBe(SOURCES * 60);
      // Reached (so the bound is what held them back), never passed.
      expect(mostHeld).toBe(documentsInFlight(poolSizeFor(availableParallelism())));
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('fails a document that needs more than a parse thread\'s heap with its own error, and stores the other sources', async () => {
    const { path, dir } = tempStore();
    const store = openStore(path);
    try {
      const loaded = configFor(path, ['/feed-0.rss', '/huge.rss', '/feed-1.rss']);
      const log = silentLogger();
      const kit = createRefreshKit(loaded, log, () => new Date(), { heapMb: 24 });
      try {
        const outcomes = await Promise.all(loaded.config.sources.map((source) => refreshSource(source, { ...kit.contextFor(source), store })));
        expect(outcomes.map((o) => o.status)).toEqual(['updated', 'failed', 'updated']);
      } finally {
        await kit.close();
      }
      expect(store.sources.get('source-1')).toMatchObject({ lastErrorCode: 'PARSE_TOO_LARGE', lastError: expect.stringMatching(/^parse: reading the document needs more than the parser thread's 24 MB/) });
      expect(Object.fromEntries(store.items.countBySource())).toEqual({ 'source-0': 60, 'source-2': 60 });
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
