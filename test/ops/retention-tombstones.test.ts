import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText, type LoadedConfig } from '../../src/config/load-config.js';
import { createFeedLoader } from '../../src/curate/feed-loader.js';
import { itemId } from '../../src/dedup/identity.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import type { RefreshOutcome } from '../../src/ingest/refresh-source.js';
import { silentLogger } from '../../src/log/logger.js';
import { runMaintenance } from '../../src/service/maintenance.js';
import type { Store } from '../../src/store/open-store.js';
import { startFixtureServer, type FixtureServer } from '../fetch/fixture-server.js';
import { tempStore } from '../helpers/temp-store.js';
import { days, entry, feedRoute, iso, type FeedEntry } from './old-items.js';

const T0 = Date.parse('2026-01-05T12:00:00Z');
let server: FixtureServer;
let feed: FeedEntry[] = [];

beforeAll(async () => {
  server = await startFixtureServer({ '/pod.rss': feedRoute(() => feed) });
});
afterAll(() => server.close());

function configFor(dbPath: string, feeds: object[] = [{ id: 'all', title: 'All' }], sourceIds = ['pod']): LoadedConfig {
  const sources = sourceIds.map((id) => ({ id, url: server.url('/pod.rss'), kind: 'partner' }));
  return parseConfigText(JSON.stringify({ database: dbPath, retention: { days: 30 }, sources, feeds }), '/tmp/feeds.config.json');
}

/** One refresh of the source at `at`, due or not. */
async function ingestAt(loaded: LoadedConfig, store: Store, at: number): Promise<Extract<RefreshOutcome, { added: number }>> {
  const report = await runIngest(loaded, store, silentLogger(), { sourceIds: ['pod'], now: () => new Date(at) });
  if (report.skipped) throw new Error('ingest skipped');
  const outcome = report.outcomes[0];
  if (outcome?.status !== 'updated' && outcome?.status !== 'unchanged') throw new Error(`refresh failed: ${outcome?.status === "failed" ? outcome.error.message : "no outcome"}`);
  return outcome;
}

const shown = async (loaded: LoadedConfig, store: Store, at: number, id = 'all') =>
  (await createFeedLoader(() => loaded.config, store.curate, () => new Date(at))(id))?.entries.map((e) => e.item.guid) ?? [];

describe.each([
  { kind: 'dated', dateOf: (at: number, i: number) => iso(at - i * 30 * 60_000) },
  { kind: 'undated', dateOf: () => null },
])('a source of 730 $kind entries that outlive retention', ({ dateOf }) => {
  it('stores them once: after a prune, a feed change brings exactly 1 new item, and again after a second prune', async () => {
    const { store, path } = tempStore();
    const loaded = configFor(path);
    feed = Array.from({ length: 730 }, (_, i) => entry(i, dateOf(T0, i)));
    expect(await ingestAt(loaded, store, T0)).toMatchObject({ added: 730, tooOld: 0 });
    expect(await shown(loaded, store, T0)).toHaveLength(50);

    // Two rounds, 40 days apart: everything stored is pruned, then the feed gains one entry.
    let at = T0;
    for (const [prunedNow, tombstones, guid] of [[730, 730, 1000], [1, 731, 1001]] as const) {
      at += days(40);
      expect(runMaintenance(store, loaded.config, new Date(at))).toMatchObject({ items: prunedNow, tombstones });
      feed = [entry(guid, dateOf(at, 0)), ...feed];
      expect(await ingestAt(loaded, store, at)).toMatchObject({ added: 1, updated: 0, tooOld: tombstones });
      expect(store.items.count()).toBe(1);
      expect(await shown(loaded, store, at)).toEqual([`ep-${guid}`]);
      expect(await ingestAt(loaded, store, at + 60_000)).toMatchObject({ status: 'unchanged', added: 0 });
    }
    expect(store.tombstones.tooOldBySource().get('pod')).toBe(731);
    store.close();
  });
});

describe('an entry edited after its item was pruned', () => {
  it('stays gone while its date is outside retention or missing, and comes back as the same item when the source dates it inside', async () => {
    const { store, path } = tempStore();
    const loaded = configFor(path);
    feed = [entry(1, null), entry(2, null), entry(3, iso(T0 - days(1)))];
    expect(await ingestAt(loaded, store, T0)).toMatchObject({ added: 3 });
    const T1 = T0 + days(40);
    expect(runMaintenance(store, loaded.config, new Date(T1))).toMatchObject({ items: 3 });

    // Corrections of old entries: undated, or keeping their old date. Not stored, not counted as new.
    feed = [entry(1, null, 'Correction: the ferry was late.'), entry(2, null), entry(3, iso(T0 - days(1)), 'Updated.')];
    expect(await ingestAt(loaded, store, T1)).toMatchObject({ added: 0, updated: 0, tooOld: 3 });
    // The same text stamped with today's date (a feed that dates every entry when built): still gone.
    feed = [entry(1, null, 'Correction: the ferry was late.'), entry(2, iso(T1)), entry(3, iso(T0 - days(1)), 'Updated.')];
    expect(await ingestAt(loaded, store, T1 + 60_000)).toMatchObject({ added: 0, tooOld: 3 });
    // An edited entry the source dates inside retention is a correction a curated feed can show: back.
    feed = [entry(1, iso(T1), 'Correction: the ferry was late.'), entry(2, iso(T1)), entry(3, iso(T0 - days(1)), 'Updated.')];
    expect(await ingestAt(loaded, store, T1 + 120_000)).toMatchObject({ added: 1, tooOld: 2 });
    const back = store.items.get(itemId('pod', 'guid:ep-1'));
    expect(back?.contentText).toContain('Correction: the ferry was late.');
    expect(await shown(loaded, store, T1 + 120_000)).toEqual(['ep-1']);
    expect(store.tombstones.count()).toBe(2);
    store.close();
  });
});

describe('tombstones', () => {
  it('expire once their entries have left the feed, so the table stays bounded', async () => {
    const { store, path } = tempStore();
    const loaded = configFor(path);
    feed = [entry(1, null), entry(2, null), entry(3, null)];
    await ingestAt(loaded, store, T0);
    const T1 = T0 + days(40);
    expect(runMaintenance(store, loaded.config, new Date(T1))).toMatchObject({ items: 3, tombstones: 3 });
    // Entries 2 and 3 had already left the feed when they were pruned: the next read shows it.
    feed = [entry(4, null), entry(1, null)];
    expect(await ingestAt(loaded, store, T1 + 3600_000)).toMatchObject({ added: 1, tooOld: 1 });
    expect(runMaintenance(store, loaded.config, new Date(T1 + 7200_000))).toMatchObject({ tombstonesExpired: 2, tombstones: 1 });
    // Entry 1 leaves the feed: its tombstone lives 14 more days (feeds that page or rotate), then goes.
    feed = [entry(4, null)];
    await ingestAt(loaded, store, T1 + days(1));
    expect(runMaintenance(store, loaded.config, new Date(T1 + days(10)))).toMatchObject({ tombstonesExpired: 0, tombstones: 1 });
    expect(runMaintenance(store, loaded.config, new Date(T1 + days(16)))).toMatchObject({ tombstonesExpired: 1, tombstones: 0 });
    expect(store.items.count()).toBe(1);
    store.close();
  });

  it('of a source removed from the config expire after the same grace', async () => {
    const { store, path } = tempStore();
    const loaded = configFor(path);
    feed = [entry(1, null), entry(2, null)];
    await ingestAt(loaded, store, T0);
    const T1 = T0 + days(40);
    runMaintenance(store, loaded.config, new Date(T1));
    await ingestAt(loaded, store, T1);
    const without = configFor(path, [], ['other']).config;
    expect(runMaintenance(store, without, new Date(T1 + days(1)))).toMatchObject({ tombstones: 2 });
    expect(runMaintenance(store, without, new Date(T1 + days(15)))).toMatchObject({ tombstonesExpired: 2, tombstones: 0 });
    store.close();
  });
});

describe('curated windows and retention', () => {
  it('never prune an item a curated feed may still show, and no feed shows an item older than retention', async () => {
    const { store, path } = tempStore();
    // One feed looks back 60 days, past retention.days (30): retention keeps 60 days for it.
    const loaded = configFor(path, [{ id: 'all', title: 'All', limit: 1000 }, { id: 'long', title: 'Long', maxAgeHours: 60 * 24, limit: 1000 },
      { id: 'week', title: 'Week', maxAgeHours: 7 * 24 }]);
    feed = [5, 20, 35, 50, 59, 65, 400].map((d) => entry(d, iso(T0 - days(d))));
    expect(await ingestAt(loaded, store, T0)).toMatchObject({ added: 5, tooOld: 2 });
    expect(await shown(loaded, store, T0 + days(2), 'all')).toEqual(['ep-5', 'ep-20', 'ep-35', 'ep-50']);
    expect(await shown(loaded, store, T0, 'week')).toEqual(['ep-5']);
    let pruned = 0;
    for (let t = T0; t <= T0 + days(70); t += days(3)) {
      const visible = new Set((await Promise.all(['all', 'long', 'week'].map((id) => shown(loaded, store, t, id)))).flat());
      pruned += runMaintenance(store, loaded.config, new Date(t)).items;
      for (const guid of visible) {
        const ageDays = Number(guid?.slice(3)) + (t - T0) / days(1);
        expect(ageDays, `${guid} shown at +${(t - T0) / days(1)} d`).toBeLessThanOrEqual(60);
        expect(store.items.get(itemId('pod', `guid:${guid}`)), `${guid} pruned at +${(t - T0) / days(1)} d`).not.toBeNull();
      }
    }
    expect(pruned).toBe(5);
    store.close();
  });
});
