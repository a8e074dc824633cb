/**
 * The wire rules of curation: killed and withheld items are never shown, embargoed ones not before
 * their time (in feeds, searches and builds alike); `include.maxUrgency` and `include.signals`
 * keep only the wire items that pass them.
 */
import type { FeedConfig } from '../config/schema.js';
import type { DeletedEntry } from '../model/curated.js';
import type { Item } from '../model/item.js';
import type { StoredItem } from '../store/items-table.js';

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

/** Kills announced per feed, at most. */
export const TOMBSTONE_LIMIT = 100;

/** Kills at or after this are still listed as deleted entries. */
export function tombstoneSince(now: Date): string {
  return new Date(now.getTime() - TOMBSTONE_HOURS * 3600_000).toISOString();
}

/** Killed items that pass a feed's rules → the Atom tombstones it lists. */
export function toTombstones(killed: StoredItem[]): DeletedEntry[] {
  return killed.map((item) => ({ item, when: item.changedAt, comment: item.editorial?.editorialNote ?? null }));
}
