/** Identity of an item within its source: guid, else canonical URL, else a hash of title and text. */
import { createHash } from 'node:crypto';
import type { NormalizedItem } from '../model/item.js';

export function identityKey(item: NormalizedItem): string {
  if (item.guid) return `guid:${item.guid}`;
  if (item.url) return `url:${item.url}`;
  return `hash:${sha256(`${item.title}\n${item.contentText}`).slice(0, 32)}`;
}

/** Ids worked out lately: a refresh asks for each of its items' ids three times (retention, order, store). */
const RECENT_IDS = new Map<string, string>();
const MAX_RECENT_IDS = 20_000;

/** Stable item id: the same source and identity always give the same id. */
export function itemId(sourceId: string, identity: string): string {
  const key = `${sourceId}\u0000${identity}`;
  let id = RECENT_IDS.get(key);
  if (id === undefined) {
    if (RECENT_IDS.size >= MAX_RECENT_IDS) RECENT_IDS.clear();
    id = `it_${sha256(key).slice(0, 20)}`;
    // Long identities (URLs, guids) are hashed each time: the cache stays small.
    if (key.length <= 256) RECENT_IDS.set(key, id);
  }
  return id;
}

export function storyIdFor(firstItemId: string): string {
  return `st_${firstItemId.slice(3)}`;
}

/** Hash of every field a reader sees: equal revisions mean there is nothing to rewrite. */
export function revisionOf(item: NormalizedItem): string {
  return sha256(JSON.stringify([item.guid, item.url, item.title, item.summary, item.contentHtml, item.author,
    item.published, item.updated, item.language, item.dateline, item.categories, item.enclosures,
    // Wire items only: a kill or a new embargo changes the item even when its text does not.
    ...(item.editorial ? [item.editorial] : [])])).slice(0, 32);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
