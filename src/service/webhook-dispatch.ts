/**
 * Outbox → deliveries: for each curated feed with webhooks, the stories of the outbox rows that the
 * feed now shows become one delivery per webhook, with a body fixed once (retries send the same
 * bytes) and an idempotency key derived from what changed, so replaying the outbox never doubles
 * an alert. Rows are consumed in the same transaction as the deliveries they produced (through
 * webhook-port.ts, on either backend).
 */
import { createHash } from 'node:crypto';
import type { Config, FeedConfig } from '../config/schema.js';
import { baseUrlOf } from '../curate/feed-loader.js';
import { selectFeed } from '../curate/select-feed.js';
import { feedSelfUrl } from '../emit/prepare-feed.js';
import type { CuratedEntry, CuratedFeed } from '../model/curated.js';
import type { StoredItem } from '../store/items-table.js';
import type { Store } from '../store/open-store.js';
import { createLocalAlertsPort, type AlertEvent, type AlertsPort, type NewDelivery } from './webhook-port.js';

const OUTBOX_BATCH = 500;

export type Urgency = 'flash' | 'urgent' | 'normal';

/** Moves the whole outbox into deliveries; returns how many deliveries were created (SQLite). */
export function dispatchAlerts(config: Config, store: Store, now: Date): Promise<number> {
  return dispatchVia(config, createLocalAlertsPort(store), now);
}

/** The same over any backend's port. */
export async function dispatchVia(config: Config, port: AlertsPort, now: Date): Promise<number> {
  let created = 0;
  for (;;) {
    const rows = await port.outbox(OUTBOX_BATCH);
    const last = rows.at(-1);
    if (last === undefined) return created;
    const storyIds = new Set(rows.map((r) => r.storyId));
    // Selected before the transaction (curate's port is async); a story committed meanwhile has a later outbox row.
    const feeds = config.feeds.filter((f) => f.webhooks.length > 0);
    const selected = await Promise.all(feeds.map((feed) => selectFeed(feed, { config, port: port.curate, baseUrl: baseUrlOf(config), now })));
    const shown = selected.flatMap((s) => s.entries).filter((e) => storyIds.has(e.item.storyId)).map((e) => e.item.storyId);
    const versions = shown.length === 0 ? new Map<string, StoredItem[]>() : await port.curate.versionsOf([...new Set(shown)]);
    const deliveries = feeds.flatMap((feed, i) => feedDeliveries(feed, selected[i] as CuratedFeed, storyIds, { config, versions, now }));
    created += await port.dispatch(last.seq, deliveries);
  }
}

interface DispatchContext {
  config: Config;
  versions: Map<string, StoredItem[]>;
  now: Date;
}

function feedDeliveries(feed: FeedConfig, selected: CuratedFeed, storyIds: Set<string>, ctx: DispatchContext): NewDelivery[] {
  const { config, now } = ctx;
  const out: NewDelivery[] = [];
  for (const entry of selected.entries) {
    const storyId = entry.item.storyId;
    if (!storyIds.has(storyId)) continue;
    const versions = ctx.versions.get(storyId) ?? [];
    for (const hook of feed.webhooks) {
      const key = deliveryKey(feed.id, hook.url, entry, versions);
      out.push({
        key, feedId: feed.id, url: hook.url, storyId, createdAt: now.toISOString(),
        body: (event) => JSON.stringify(alertBody({ key, event, feed, config, entry, versions, at: now.toISOString() })),
      });
    }
  }
  return out;
}

/** Same webhook, same story, same versions and same shown text: the same key. */
export function deliveryKey(feedId: string, url: string, entry: CuratedEntry, versions: StoredItem[]): string {
  const hash = createHash('sha256').update(`${feedId}\0${url}\0${entry.item.storyId}\0${entry.item.id}\0${entry.item.contentHash}`);
  for (const v of [...versions].sort((a, b) => a.id.localeCompare(b.id))) hash.update(`\0${v.id}:${v.revision}`);
  return hash.digest('hex').slice(0, 40);
}

interface BodyInput {
  key: string;
  event: AlertEvent;
  feed: FeedConfig;
  config: Config;
  entry: CuratedEntry;
  versions: StoredItem[];
  at: string;
}

function alertBody(input: BodyInput) {
  const { entry, feed } = input;
  const item = entry.item;
  return {
    key: input.key,
    event: input.event,
    at: input.at,
    feed: { id: feed.id, title: feed.title, url: feedSelfUrl(baseUrlOf(input.config), feed.id, 'atom') },
    story: { id: item.storyId, versions: input.versions.length },
    urgency: urgencyOf(item),
    canonical: {
      id: item.id, source: { id: entry.source.id, title: entry.source.title, kind: entry.source.kind },
      title: item.title, url: item.url, published: item.published, updated: item.updated, language: item.language,
      dateline: item.dateline, author: item.author, categories: item.categories, summary: item.summary, contentText: item.contentText,
    },
    versions: input.versions.map((v) => ({ id: v.id, sourceId: v.sourceId, title: v.title, url: v.url, published: v.published, updated: v.updated })),
  };
}

const FLASH = /^\s*(flash)\b/i;
const URGENT = /^\s*(urgent|alerte|alert|breaking)\b/i;

/** Wires flag urgency in the headline or a category: FLASH first, then URGENT / ALERTE / BREAKING. */
export function urgencyOf(item: Pick<StoredItem, 'title' | 'categories'>): Urgency {
  const labels = [item.title, ...item.categories];
  if (labels.some((l) => FLASH.test(l))) return 'flash';
  if (labels.some((l) => URGENT.test(l))) return 'urgent';
  return 'normal';
}
