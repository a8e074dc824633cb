/**
 * The wire rules of curation: killed and withheld items are never shown, embargoed ones not before
 * their time (in feeds, searches and builds alike); `include.maxUrgency` and `include.signals`
 * keep only the wire items that pass them.
 */
import type { FeedConfig } from '../config/schema.js';
import type { DeletedEntry } from '../model/curated.js';
import type { Item } from '../model/item.js';
import type { StoredItem } from '../store/items-table.js';
import type { Store } from '../store/open-store.js';

/** Killed items stay in Atom outputs as RFC 6721 tombstones this long. */
export const TOMBSTONE_HOURS = 48;

export function isPublishable(item: Item, now: Date): boolean {
  const editorial = item.editorial;
  if (!editorial) return true;
  if (editorial.pubStatus !== 'usable') return false;
  return editorial.embargoUntil === null || Date.parse(editorial.embargoUntil) <= now.getTime();
}

export function compileWireRules(feed: FeedConfig): (item: Item) => boolean {
  const { maxUrgency, signals } = feed.include;
  if (maxUrgency === undefined && (signals === undefined || signals.length === 0)) return () => true;
  return (item) => {
    const editorial = item.editorial;
    if (!editorial) return false;
    if (maxUrgency !== undefined && (editorial.urgency === null || editorial.urgency > maxUrgency)) return false;
    return signals === undefined || signals.length === 0 || signals.some((s) => editorial.signals.includes(s));
  };
}

export function isCorrection(item: Item): boolean {
  return item.editorial?.signals.includes('correction') ?? false;
}

/** Items of these sources, passing the feed's rules, killed within TOMBSTONE_HOURS: Atom lists them as deleted. */
export function selectTombstones(store: Store, sourceIds: string[], now: Date, rules: (item: StoredItem) => boolean): DeletedEntry[] {
  if (sourceIds.length === 0) return [];
  const since = new Date(now.getTime() - TOMBSTONE_HOURS * 3600_000).toISOString();
  return store.wire.killedSince(sourceIds, since, 100).filter(rules).map((item) => ({
    item, when: item.changedAt, comment: item.editorial?.editorialNote ?? null,
  }));
}
