/**
 * The contracts of the side jobs' store ports, run against SQLite and PostgreSQL: the article
 * pages cache (page-loader.ts's port) and the alerts port (webhook-port.ts: outbox → deliveries,
 * then due deliveries taken, retried, delivered or given up).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AlertsPort, NewDelivery } from '../../src/service/webhook-port.js';
import type { CachedPage, PagesPort } from '../../src/store/pages-table.js';

export interface SideJobSubject {
  pages: PagesPort;
  alerts: AlertsPort;
  /** Writes an alert outbox row, as a refresh (SQLite) or the clusterer (PostgreSQL) does. */
  enqueue(storyId: string, at: string): Promise<void>;
}

const page = (over: Partial<CachedPage> = {}): CachedPage => ({
  url: 'https://site.example/a.html', etag: '"v1"', lastModified: 'Tue, 16 Apr 2024 10:00:00 GMT', fetchedAt: '2024-04-16T10:00:00.000Z',
  contentHash: 'k:abc', itemKey: 'item-1', extracted: '{"title":"A"}', ...over,
});

const delivery = (key: string, storyId: string, url = 'http://127.0.0.1:1/hook'): NewDelivery => ({
  key, feedId: 'desk', url, storyId, createdAt: '2024-04-16T10:00:00.000Z', body: (event) => JSON.stringify({ key, event }),
});

export function sideJobPortsContract(backend: string, subject: () => Promise<SideJobSubject>): void {
  describe(`side-job ports on ${backend}`, () => {
    let s: SideJobSubject;
    beforeAll(async () => {
      s = await subject();
    });

    it('keeps a page with its validators, replaces it, and touches only its check time and item key', async () => {
      expect(await s.pages.get(page().url)).toBeNull();
      await s.pages.put(page());
      expect(await s.pages.get(page().url)).toEqual(page());
      await s.pages.put(page({ etag: null, contentHash: 'k:def', extracted: '{"title":"B"}' }));
      await s.pages.touch(page().url, '2024-04-17T00:00:00.000Z', 'item-2');
      expect(await s.pages.get(page().url)).toEqual(page({ etag: null, contentHash: 'k:def', extracted: '{"title":"B"}', fetchedAt: '2024-04-17T00:00:00.000Z', itemKey: 'item-2' }));
    });

    it('turns outbox rows into deliveries once, story.updated for a story the webhook had, and consumes the rows', async () => {
      await s.enqueue('story-1', '2024-04-16T10:00:00.000Z');
      await s.enqueue('story-2', '2024-04-16T10:00:01.000Z');
      const rows = await s.alerts.outbox(10);
      expect(rows.map((r) => r.storyId)).toEqual(['story-1', 'story-2']);
      expect(await s.alerts.dispatch(rows[0]!.seq, [delivery('k1', 'story-1')])).toBe(1);
      expect((await s.alerts.outbox(10)).map((r) => r.storyId)).toEqual(['story-2']);
      expect(await s.alerts.dispatch(rows[1]!.seq, [delivery('k1', 'story-1'), delivery('k2', 'story-1'), delivery('k3', 'story-2')])).toBe(2);
      expect(await s.alerts.outbox(10)).toEqual([]);
      const due = await s.alerts.take(new Date('2024-04-16T10:00:05Z'), 10);
      const events = Object.fromEntries(due.map((d) => [d.key, JSON.parse(d.body).event]));
      expect(events).toEqual({ k1: 'story.new', k2: 'story.updated', k3: 'story.new' });
      expect(due.every((d) => d.status === 'pending' && d.attempts === 0)).toBe(true);
    });

    it('hands out only due deliveries, retries later, and never again once delivered or given up', async () => {
      await s.alerts.markRetry('k1', '2024-04-16T10:01:00.000Z', 'webhook: 500');
      await s.alerts.markDelivered('k2', '2024-04-16T10:00:06.000Z');
      await s.alerts.markFailed('k3', 'webhook: gone');
      expect(await s.alerts.take(new Date('2024-04-16T10:00:59Z'), 10)).toEqual([]);
      const [retried, ...rest] = await s.alerts.take(new Date('2024-04-16T10:01:00Z'), 10);
      expect(rest).toEqual([]);
      expect(retried).toMatchObject({ key: 'k1', attempts: 1, lastError: 'webhook: 500', status: 'pending' });
    });
  });
}
