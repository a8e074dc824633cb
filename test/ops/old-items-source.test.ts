import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { summarizeOutcomes } from '../../src/ingest/summary.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { silentLogger } from '../../src/log/logger.js';
import { startService, type Service } from '../../src/service/service.js';
import { openStore } from '../../src/store/open-store.js';
import { startFixtureServer, type FixtureServer } from '../fetch/fixture-server.js';
import { days, entry, feedRoute, iso, type FeedEntry } from './old-items.js';

let server: FixtureServer;
let service: Service | null = null;
let feed: FeedEntry[] = [];
const now = Date.now();

beforeAll(async () => {
  server = await startFixtureServer({ '/pod.rss': feedRoute(() => feed) });
});
afterAll(async () => {
  await service?.close();
  await server.close();
});

/** A podcast-like feed that keeps every episode: a fresh one, and 730 from one to three years ago. */
function podcast(fresh: number[]): FeedEntry[] {
  return [...fresh.map((n) => entry(n, iso(now - n * 60_000))), ...Array.from({ length: 730 }, (_, i) => entry(100 + i, iso(now - days(365 + i))))];
}

describe('a source whose feed keeps old items forever', () => {
  it('stores only what is inside retention, and the summary, the source row, the dashboard and /metrics say how many were skipped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wd-old-'));
    const path = join(dir, 'feeds.config.json');
    writeFileSync(path, JSON.stringify({
      database: 'wd.db', server: { port: 0 }, retention: { days: 90 },
      sources: [{ id: 'pod', url: server.url('/pod.rss'), kind: 'partner' }], feeds: [{ id: 'all', title: 'All' }],
    }));
    feed = podcast([1]);
    service = await startService(loadConfig(path), { log: silentLogger(), ingestAtStart: true, schedule: false });
    await service.ready;
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metrics).toMatch(/^wiredesk_items_skipped_total\{reason="older_than_retention"\} 730$/m);
    expect(metrics).toMatch(/^wiredesk_items_ingested_total\{kind="added"\} 1$/m);
    expect(metrics).toMatch(/^wiredesk_tombstones 0$/m);
    const dashboard = await (await fetch(`${service.url}/`)).text();
    expect(dashboard).toMatch(/id="source-pod"[\s\S]*730 older than retention, skipped/);
    expect((await (await fetch(`${service.url}/feeds/all.rss`)).text()).match(/<item>/g)).toHaveLength(1);
    await service.close();
    service = null;

    // The feed gains an episode: the next refresh stores exactly that one, and says so again.
    feed = podcast([2, 1]);
    const store = openStore(join(dir, 'wd.db'));
    const next = await runIngest(loadConfig(path), store, silentLogger(), { sourceIds: ['pod'] });
    if (next.skipped) throw new Error('skipped');
    expect(summarizeOutcomes(next.outcomes).line).toMatch(/^ingest: 1 sources, 1 new items, 0 updated, 0 failed, 730 skipped: older than retention/);
    expect(store.items.count()).toBe(2);
    expect(store.tombstones.tooOldBySource().get('pod')).toBe(730);
    store.close();
  });
});
