import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type LoadedConfig } from '../../src/config/load-config.js';
import { configSchema } from '../../src/config/schema.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { silentLogger } from '../../src/log/logger.js';
import { adaptiveIntervalSeconds } from '../../src/schedule/adaptive.js';
import { freshnessHint } from '../../src/schedule/cache-hints.js';
import { nextAfterFailure, planAfterSuccess } from '../../src/schedule/next-fetch.js';
import { retryAfterUntil } from '../../src/schedule/retry-after.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { startFixtureServer, type FixtureServer } from '../fetch/fixture-server.js';
import { rssFeed } from '../faults/hostile-routes.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const config = configSchema.parse({ sources: [{ id: 'a', url: 'https://example.org/a.rss', kind: 'wire', interval: 600 }] });
const source = config.sources[0]!;
const body = (xml: string) => Buffer.from(xml);

describe('next poll after a success', () => {
  it('uses the configured interval when nothing says otherwise', () => {
    expect(planAfterSuccess(source, config, NOW)).toMatchObject({ intervalS: 600, reason: 'interval' });
  });

  it('lets Cache-Control max-age, Expires, RSS ttl and sy:updatePeriod lengthen it', () => {
    expect(freshnessHint({ cacheControl: 'public, max-age=3600', expires: null, body: body('') }, NOW)).toEqual({ seconds: 3600, reason: 'Cache-Control max-age' });
    expect(freshnessHint({ cacheControl: null, expires: new Date(NOW.getTime() + 7200_000).toUTCString(), body: body('') }, NOW)?.seconds).toBe(7200);
    expect(freshnessHint({ cacheControl: null, expires: null, body: body('<channel><ttl>90</ttl>') }, NOW)).toEqual({ seconds: 5400, reason: 'RSS ttl' });
    expect(freshnessHint({ cacheControl: null, expires: null, body: body('<sy:updatePeriod>daily</sy:updatePeriod><sy:updateFrequency>4</sy:updateFrequency>') }, NOW)?.seconds).toBe(21_600);
    expect(planAfterSuccess(source, config, NOW, { freshnessS: 5400, freshnessReason: 'RSS ttl' })).toMatchObject({ intervalS: 5400, reason: 'RSS ttl' });
  });

  it('never lets a hint shorten the interval below the configured floor, nor stretch it past a day', () => {
    expect(planAfterSuccess(source, config, NOW, { freshnessS: 5 }).intervalS).toBe(600);
    expect(planAfterSuccess(source, config, NOW, { freshnessS: 10 * 86_400 }).intervalS).toBe(86_400);
    expect(freshnessHint({ cacheControl: 'no-cache, max-age=9999', expires: null, body: body('') }, NOW)).toBeNull();
  });

  it('polls a rarely-publishing source less often, within bounds', () => {
    const daily = Array.from({ length: 10 }, (_, i) => new Date(NOW.getTime() - i * 86_400_000).toISOString());
    expect(adaptiveIntervalSeconds(daily, 600, NOW)).toBe(4800);
    const busy = Array.from({ length: 10 }, (_, i) => new Date(NOW.getTime() - i * 60_000).toISOString());
    expect(adaptiveIntervalSeconds(busy, 600, NOW)).toBe(600);
    expect(adaptiveIntervalSeconds(daily.slice(0, 2), 600, NOW)).toBeNull();
  });
});

describe('backoff and Retry-After', () => {
  it('backs off exponentially with jitter, bounded to a day', () => {
    const delay = (n: number, r: number) => nextAfterFailure(source, config, n, NOW, () => r).getTime() - NOW.getTime();
    expect(delay(1, 0)).toBe(300_000);
    expect(delay(3, 1)).toBe(2_400_000);
    expect(delay(30, 1)).toBe(86_400_000);
    expect(delay(2, 0)).toBeLessThan(delay(2, 1));
  });

  it('reads Retry-After as seconds or a date, bounded to a day', () => {
    expect(retryAfterUntil('120', NOW)?.toISOString()).toBe('2026-03-01T12:02:00.000Z');
    expect(retryAfterUntil(new Date(NOW.getTime() + 3600_000).toUTCString(), NOW)?.toISOString()).toBe('2026-03-01T13:00:00.000Z');
    expect(retryAfterUntil('99999999', NOW)?.toISOString()).toBe('2026-03-02T12:00:00.000Z');
    expect(retryAfterUntil('soon', NOW)).toBeNull();
  });
});

describe('politeness against a real server', () => {
  let server: FixtureServer;
  let dir: string;
  let store: Store;
  const feed = rssFeed('f', [{ guid: 'x1', title: 'One story' }]);

  beforeAll(async () => {
    server = await startFixtureServer({
      '/limited.rss': (_q, res) => { res.writeHead(429, { 'retry-after': '3600' }).end(); },
      '/gone.rss': (_q, res) => { res.writeHead(410).end(); },
      '/old.rss': (_q, res) => { res.writeHead(301, { location: '/new.rss' }).end(); },
      '/new.rss': (_q, res) => { res.writeHead(200, { 'content-type': 'application/rss+xml', 'cache-control': 'max-age=7200' }).end(feed); },
    });
    dir = mkdtempSync(join(tmpdir(), 'wd-polite-'));
    store = openStore(join(dir, 'wd.db'));
  });

  afterAll(async () => {
    store.close();
    await server.close();
  });

  function loaded(sources: object[]): LoadedConfig {
    writeFileSync(join(dir, 'feeds.config.json'), JSON.stringify({ database: join(dir, 'wd.db'), sources }));
    return loadConfig(join(dir, 'feeds.config.json'));
  }

  it('pauses the whole host on 429 with Retry-After, then 410 disables a source until its config changes', async () => {
    // Two hosts: the rate-limited one is reached by name, the other by address.
    const limited = server.url('/limited.rss').replace('127.0.0.1', 'localhost');
    const first = loaded([{ id: 'limited', url: limited, kind: 'wire' }, { id: 'sibling', url: limited.replace('limited', 'gone'), kind: 'wire' },
      { id: 'gone', url: server.url('/gone.rss'), kind: 'wire' }]);
    await runIngest(first, store, silentLogger(), { sourceIds: ['limited'] });
    const pause = store.schedule.activeHostPauses(new Date().toISOString());
    expect(pause).toHaveLength(1);
    expect(pause[0]?.reason).toBe('429 Retry-After 3600');
    expect(Date.parse(store.sources.get('limited')?.nextFetchAt ?? '')).toBeGreaterThanOrEqual(Date.parse(pause[0]?.until ?? ''));
    const before = server.requests.length;
    const pass = await runIngest(first, store, silentLogger(), { all: true });
    expect(pass.skipped ? [] : pass.outcomes.map((o) => o.sourceId)).toEqual(['gone']);
    expect(server.requests.length - before).toBe(1);
    expect(store.schedule.get('gone')?.disabledReason).toMatch(/^410 Gone: .*edit this source in the config/);
    const again = await runIngest(first, store, silentLogger(), { all: true });
    expect(again.skipped ? null : again.outcomes).toEqual([]);
    const edited = loaded([{ id: 'gone', url: server.url('/gone.rss'), kind: 'wire', title: 'Gone (retry)' }]);
    const retried = await runIngest(edited, store, silentLogger(), { all: true });
    expect(retried.skipped ? [] : retried.outcomes.map((o) => o.sourceId)).toEqual(['gone']);
  });

  it('follows a 301, stores the new URL, and lengthens the interval from Cache-Control', async () => {
    const cfg = loaded([{ id: 'moved', url: server.url('/old.rss'), kind: 'wire', interval: 600 }]);
    await runIngest(cfg, store, silentLogger(), { all: true });
    expect(store.sources.get('moved')?.currentUrl).toBe(server.url('/new.rss'));
    expect(store.schedule.get('moved')).toMatchObject({ intervalS: 7200, intervalReason: 'Cache-Control max-age' });
    const before = server.requests.length;
    await runIngest(cfg, store, silentLogger(), { all: true });
    expect(server.requests.slice(before).map((r) => r.path)).toEqual(['/new.rss']);
  });
});
