import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText, type LoadedConfig } from '../../src/config/load-config.js';
import { runIngest, INGEST_LEASE } from '../../src/ingest/run-ingest.js';
import { silentLogger } from '../../src/log/logger.js';
import { openStore } from '../../src/store/open-store.js';
import { startFixtureServer, type FixtureServer } from '../fetch/fixture-server.js';
import { tempStore } from '../helpers/temp-store.js';

const SAMPLES = new URL('../../data/samples/', import.meta.url).pathname;
const wire = readFileSync(join(SAMPLES, 'wire-afp-like.rss'));
const gazette = readFileSync(join(SAMPLES, 'partner-gazette.atom'));
const SEED_GUID = 'awp-2024-04-17-0418';
const SEED_PARTNER_ID = 'tag:lagazette.example.fr,2024:article-4187';

let server: FixtureServer;
let wireBody: Buffer = wire;

beforeAll(async () => {
  server = await startFixtureServer({
    '/wire.rss': (req, res) => {
      const etag = `"w-${wireBody.length}"`;
      if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag }).end(wireBody);
    },
    '/gazette.atom': (_req, res) => void res.writeHead(200, { 'content-type': 'application/atom+xml' }).end(gazette),
    '/broken': (_req, res) => void res.writeHead(500).end('oops'),
    '/not-a-feed': (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Hello</body></html>'),
  });
});
afterAll(() => server.close());

function configFor(dbPath: string, sources: object[]): LoadedConfig {
  // The fixtures date from 2024: keep them whatever today is.
  return parseConfigText(JSON.stringify({ database: dbPath, retention: { days: 36500 }, sources, feeds: [] }), '/tmp/feeds.config.json');
}

const wireSource = () => ({ id: 'wire', url: server.url('/wire.rss'), kind: 'wire', priority: 10 });
const gazetteSource = () => ({ id: 'gazette', url: server.url('/gazette.atom'), kind: 'partner', priority: 5 });

describe('ingest over HTTP into a real SQLite file', () => {
  it('stores every item once and joins the verbatim partner copy to the wire story', async () => {
    const { store, path } = tempStore();
    const loaded = configFor(path, [wireSource(), gazetteSource()]);
    const report = await runIngest(loaded, store, silentLogger());
    expect(report.skipped).toBe(false);
    expect(store.items.count()).toBe(24);
    const wireItem = store.items.candidates({ sourceIds: ['wire'], since: null, limit: 100 }).find((i) => i.guid === SEED_GUID);
    const partnerItem = store.items.candidates({ sourceIds: ['gazette'], since: null, limit: 100 }).find((i) => i.guid === SEED_PARTNER_ID);
    expect(wireItem?.storyId).toBeDefined();
    expect(partnerItem?.storyId).toBe(wireItem?.storyId);
    expect(partnerItem).toMatchObject({ dateline: 'Paris', published: '2024-04-17T19:02:00Z' });
    expect(store.stories.get(wireItem?.storyId ?? '')?.canonicalItemId).toBe(wireItem?.id);
    store.close();
  });

  it('uses the stored ETag: an unchanged feed answers 304 and nothing is re-parsed or rewritten', async () => {
    const { store, path } = tempStore();
    const loaded = configFor(path, [wireSource()]);
    await runIngest(loaded, store, silentLogger(), { all: true });
    const generation = store.meta.generation();
    const report = await runIngest(loaded, store, silentLogger(), { all: true });
    expect(report.skipped === false && report.outcomes[0]).toMatchObject({ status: 'unchanged', added: 0 });
    const last = server.requests.filter((r) => r.path === '/wire.rss').at(-1);
    expect(last?.headers['if-none-match']).toBe(`"w-${wire.length}"`);
    expect(store.meta.generation()).toBe(generation);
    store.close();
  });

  it('updates a changed item in place and sets its updated date, without a second copy', async () => {
    const { store, path } = tempStore();
    const loaded = configFor(path, [wireSource()]);
    await runIngest(loaded, store, silentLogger());
    wireBody = Buffer.from(wire.toString('utf8').replace('La Russie commence à retirer', 'La Russie a commencé à retirer'));
    try {
      const report = await runIngest(loaded, store, silentLogger(), { all: true });
      expect(report.skipped === false && report.outcomes[0]).toMatchObject({ status: 'updated', added: 0, updated: 1 });
    } finally {
      wireBody = wire;
    }
    const items = store.items.candidates({ sourceIds: ['wire'], since: null, limit: 100 });
    expect(items).toHaveLength(12);
    const seed = items.find((i) => i.guid === SEED_GUID);
    expect(seed?.title).toContain('a commencé');
    expect(seed?.updated).not.toBeNull();
    store.close();
  });

  it('keeps everything after a restart on the same file: nothing duplicated, nothing lost', async () => {
    const { store, path } = tempStore();
    const loaded = configFor(path, [wireSource(), gazetteSource()]);
    await runIngest(loaded, store, silentLogger());
    const stories = store.stories.count();
    store.close();
    const reopened = openStore(path);
    await runIngest(loaded, reopened, silentLogger(), { all: true });
    expect(reopened.items.count()).toBe(24);
    expect(reopened.stories.count()).toBe(stories);
    reopened.close();
  });

  it('fails only the broken sources, storing their errors, and goes on with the others', async () => {
    const { store, path } = tempStore();
    const loaded = configFor(path, [
      wireSource(),
      { id: 'broken', url: server.url('/broken'), kind: 'partner' },
      { id: 'html', url: server.url('/not-a-feed'), kind: 'partner' },
    ]);
    const report = await runIngest(loaded, store, silentLogger());
    expect(report.skipped).toBe(false);
    expect(store.items.count()).toBe(12);
    expect(store.sources.get('broken')).toMatchObject({ lastStatus: 500, lastErrorCode: 'FETCH_HTTP_STATUS', errorCount: 1 });
    expect(store.sources.get('broken')?.lastError).toMatch(/^fetch: /);
    expect(store.sources.get('html')?.lastErrorCode).toBe('PARSE_UNKNOWN_FORMAT');
    expect(Date.parse(store.sources.get('broken')?.nextFetchAt ?? '')).toBeGreaterThan(Date.now());
    store.close();
  });

  it('skips a pass while another process holds the ingest lease, and says who holds it', async () => {
    const { store, path } = tempStore();
    const other = openStore(path);
    other.leases.acquire(INGEST_LEASE, 'cron-host:42', 60_000, Date.now());
    const report = await runIngest(configFor(path, [wireSource()]), store, silentLogger());
    expect(report).toEqual({ skipped: true, holder: 'cron-host:42' });
    expect(store.items.count()).toBe(0);
    other.leases.release(INGEST_LEASE, 'cron-host:42');
    const again = await runIngest(configFor(path, [wireSource()]), store, silentLogger());
    expect(again.skipped).toBe(false);
    other.close();
    store.close();
  });

  it('refreshes named sources even when they are not due, and refuses unknown ids', async () => {
    const { store, path } = tempStore();
    const loaded = configFor(path, [wireSource(), gazetteSource()]);
    await runIngest(loaded, store, silentLogger());
    const due = await runIngest(loaded, store, silentLogger());
    expect(due.skipped === false && due.outcomes).toHaveLength(0);
    const named = await runIngest(loaded, store, silentLogger(), { sourceIds: ['gazette'] });
    expect(named.skipped === false && named.outcomes.map((o) => o.sourceId)).toEqual(['gazette']);
    await expect(runIngest(loaded, store, silentLogger(), { sourceIds: ['nope'] })).rejects.toThrow(/unknown source id "nope"/);
    store.close();
  });
});
