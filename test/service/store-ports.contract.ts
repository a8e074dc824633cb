/**
 * The contracts of the token port and the ops read port, run against each implementation over the
 * same stored data: the bundled samples ingested into SQLite (plus a host pause and webhook
 * deliveries written through the store), which PostgreSQL gets as a migrate-store copy. The
 * SQLite store's own tables give the reference answers.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { LoadedConfig } from '../../src/config/load-config.js';
import { createTokenSnapshot, type TokenPort } from '../../src/http/access-tokens.js';
import { hashToken } from '../../src/http/access.js';
import { sqliteOpsPort, type OpsReadPort } from '../../src/service/ops-port.js';
import type { Store } from '../../src/store/open-store.js';
import { ingestedSample } from '../e2e/sample-workspace.js';

export const PAUSE_UNTIL = '2999-01-01T00:00:00.000Z';
const NOW = '2024-04-20T00:00:00.000Z';

/** The samples ingested once, with what ingest alone does not write: an interval, host pauses and deliveries in each state. */
export async function filledSample(): Promise<Awaited<ReturnType<typeof ingestedSample>>> {
  const sample = await ingestedSample();
  const { store } = sample;
  store.schedule.pauseHost('wire.example', PAUSE_UNTIL, 'Retry-After: 3600', NOW);
  store.schedule.setInterval('wws-en', 900, 'max-age');
  store.schedule.pauseHost('old.example', '2000-01-01T00:00:00.000Z', 'long over', NOW);
  const story = store.ops.recentStories(1)[0]?.id ?? 'st_0';
  for (const [key, url] of [['d1', 'https://hook.example/a'], ['d2', 'https://hook.example/a'], ['d3', 'https://hook.example/b']] as const) {
    store.alerts.addDelivery({ key, feedId: 'flash', url, storyId: story, body: '{}', createdAt: NOW });
  }
  store.alerts.markDelivered('d1', '2024-04-20T01:00:00.000Z');
  store.alerts.markFailed('d3', 'hook: 500 from https://hook.example/b');
  return sample;
}

export interface TokenSubject {
  port: TokenPort;
  /** The same store through another connection, as `wiredesk tokens` in another process. */
  other: TokenPort;
}

export function tokenPortContract(backend: string, subject: () => Promise<TokenSubject>): void {
  describe(`token port on ${backend}`, () => {
    let s: TokenSubject;
    beforeAll(async () => {
      s = await subject();
    });

    it('creates a token once per name and lists tokens oldest first with their hash and feeds', async () => {
      expect(await s.port.create({ name: 'Desk Lyon', hash: hashToken('wdt_lyon'), feeds: ['desk'], createdAt: '2024-04-20T10:00:00.000Z' })).toBe(true);
      expect(await s.port.create({ name: 'Desk Lyon', hash: hashToken('wdt_other'), feeds: ['sport'], createdAt: '2024-04-20T11:00:00.000Z' })).toBe(false);
      expect(await s.other.create({ name: 'Desk Paris', hash: hashToken('wdt_paris'), feeds: ['sport', 'open'], createdAt: '2024-04-20T09:00:00.000Z' })).toBe(true);
      expect(await s.port.all()).toEqual([
        { name: 'Desk Paris', hash: hashToken('wdt_paris'), feeds: ['sport', 'open'], createdAt: '2024-04-20T09:00:00.000Z', lastUsedAt: null, requests: 0, revokedAt: null },
        { name: 'Desk Lyon', hash: hashToken('wdt_lyon'), feeds: ['desk'], createdAt: '2024-04-20T10:00:00.000Z', lastUsedAt: null, requests: 0, revokedAt: null },
      ]);
    });

    it('adds counted requests and keeps the latest use, whatever order flushes arrive in', async () => {
      await s.port.recordUse('Desk Paris', 3, '2024-04-20T12:00:00.000Z');
      await s.other.recordUse('Desk Paris', 2, '2024-04-20T11:00:00.000Z');
      const paris = (await s.port.all()).find((t) => t.name === 'Desk Paris');
      expect([paris?.requests, paris?.lastUsedAt]).toEqual([5, '2024-04-20T12:00:00.000Z']);
    });

    it('shows a revocation made through another connection to a snapshot at its next refresh', async () => {
      const snapshot = await createTokenSnapshot(s.port, { pollMs: 60_000 });
      try {
        expect(snapshot.rows().find((t) => t.name === 'Desk Lyon')?.revokedAt).toBeNull();
        const before = await s.port.version();
        expect(await s.other.revoke('Desk Lyon', '2024-04-20T13:00:00.000Z')).toBe(true);
        expect(await s.other.revoke('Desk Lyon', '2024-04-20T14:00:00.000Z')).toBe(false);
        expect(await s.port.version()).not.toBe(before);
        await snapshot.refresh();
        expect(snapshot.rows().find((t) => t.name === 'Desk Lyon')?.revokedAt).toBe('2024-04-20T13:00:00.000Z');
      } finally {
        snapshot.close();
      }
    });
  });
}

export interface OpsSubject {
  port: OpsReadPort;
  /** The SQLite store the data was written to: the reference answers. */
  reference: Store;
  loaded: LoadedConfig;
}

export function opsPortContract(backend: string, subject: () => Promise<OpsSubject>): void {
  describe(`ops read port on ${backend}`, () => {
    let s: OpsSubject;
    let expected: OpsReadPort;
    beforeAll(async () => {
      s = await subject();
      expected = sqliteOpsPort(s.reference);
    });

    it('gives every stored source its state, as the sources table holds it', async () => {
      const states = await s.port.sourceStates(Date.now());
      expect([...states.keys()].sort()).toEqual(s.loaded.config.sources.map((c) => c.id).sort());
      for (const stored of s.reference.sources.all()) expect(states.get(stored.id), stored.id).toMatchObject({ ...stored, claimedBy: null });
      expect(states).toEqual(await expected.sourceStates(Date.now()));
      for (const stored of s.reference.sources.all()) expect(await s.port.lastStatus(stored.id), stored.id).toBe(stored.lastStatus);
      expect(await s.port.lastStatus('no-such-source')).toBeNull();
      expect(states.get('wws-en')).toMatchObject({ intervalS: 900, intervalReason: 'max-age' });
      expect([...states.values()].every((st) => st.lastSuccessAt !== null)).toBe(true);
    });

    it('counts items per source, in the last day and in all, and what retention skipped', async () => {
      const bySource = await s.port.itemsBySource();
      expect(bySource).toEqual(s.reference.items.countBySource());
      expect([...bySource.values()].reduce((a, b) => a + b, 0)).toBe(s.reference.items.count());
      expect(await s.port.itemsSince('2000-01-01T00:00:00.000Z')).toEqual(bySource);
      expect((await s.port.itemsSince('2999-01-01T00:00:00.000Z')).size).toBe(0);
      expect(await s.port.tooOldBySource()).toEqual(await expected.tooOldBySource());
    });

    it('lists the host pauses in force, recent stories and wire events in the same order', async () => {
      expect(await s.port.activeHostPauses(NOW)).toEqual([{ host: 'wire.example', until: PAUSE_UNTIL, reason: 'Retry-After: 3600' }]);
      const stories = await s.port.recentStories(25);
      expect(stories.length).toBe(Math.min(25, s.reference.stories.count()));
      expect(stories).toEqual(await expected.recentStories(25));
      expect(stories.some((st) => st.versions > 1)).toBe(true);
      const events = await s.port.recentWireEvents(20);
      expect(events).toEqual(await expected.recentWireEvents(20));
      expect(events.map((e) => e.kind)).toContain('killed');
    });

    it('sums webhook deliveries per feed and URL with the last error', async () => {
      expect(await s.port.deliveries()).toEqual([
        { feedId: 'flash', url: 'https://hook.example/a', pending: 1, delivered: 1, failed: 0, lastDeliveredAt: '2024-04-20T01:00:00.000Z', lastError: null },
        { feedId: 'flash', url: 'https://hook.example/b', pending: 0, delivered: 0, failed: 1, lastDeliveredAt: null, lastError: 'hook: 500 from https://hook.example/b' },
      ]);
    });

    it('totals items, stories and tombstones as the store counts them', async () => {
      const totals = await s.port.totals();
      expect({ ...totals, dbSizeBytes: 0 }).toEqual({ items: s.reference.items.count(), stories: s.reference.stories.count(), tombstones: s.reference.tombstones.count(), dbSizeBytes: 0 });
      expect(totals.dbSizeBytes).toBeGreaterThan(0);
    });
  });
}
