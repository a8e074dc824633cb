/**
 * Stores one source refresh in one transaction: new items are inserted, changed items updated in
 * place, unchanged ones not rewritten, then the story lifecycle places every item from the
 * earliest one this refresh touched (see dedup/story-lifecycle.ts), and the fetch state is
 * recorded with them.
 */
import { DEDUP_DEFAULTS, type SourceConfig } from '../config/schema.js';
import type { StorySettings } from '../dedup/assign-story.js';
import { identityKey, itemId, revisionOf, storyIdFor } from '../dedup/identity.js';
import { contentHash } from '../dedup/content-hash.js';
import { precomputeFeatures } from '../dedup/story-features.js';
import { storyLifecycleFor, type PlaceReport, type StoryLifecycle } from '../dedup/story-lifecycle.js';
import type { OrderKey } from '../dedup/story-port.js';
import type { ReadItem } from '../model/read-document.js';
import type { Store } from '../store/open-store.js';
import type { ItemsTable, StoredItem } from '../store/items-table.js';
import type { NormalizedItem } from '../model/item.js';
import type { FetchSuccess } from '../store/sources-table.js';
import type { StoriesTable } from '../store/stories-table.js';
import { isStaleVersion } from './wire-events.js';
import { enqueueAlerts } from './alert-outbox.js';

export interface CommitCounts {
  added: number;
  updated: number;
  unchanged: number;
}

export function commitRefresh(
  store: Store,
  source: SourceConfig,
  incoming: ReadItem[],
  fetchState: FetchSuccess,
  priorityOf: (sourceId: string) => number,
  dedup: StorySettings = DEDUP_DEFAULTS,
): CommitCounts {
  const lifecycle = storyLifecycleFor(store);
  try {
    return store.transaction(() => {
      const stored = storeItems(store, source.id, incoming, fetchState.at, lifecycle);
      store.sources.recordSuccess(source.id, fetchState);
      const placed = placeStored(store, lifecycle, stored, fetchState.at, { settings: dedup, priorityOf });
      if (!placed) return stored.counts;
      store.websub.enqueue(fetchState.at);
      store.meta.bumpGeneration();
      return stored.counts;
    });
  } catch (err) {
    // The in-memory story index may hold rows the rollback undid: reload it next time.
    lifecycle.invalidate();
    throw err;
  }
}

/** What storing some items of a refresh changed, for placing them. */
export interface StoredItems {
  counts: CommitCounts;
  fresh: Set<string>;
  previousHash: Map<string, string>;
  /** The earliest placement key they touched (null: nothing changed). */
  from: OrderKey | null;
}

/** Upserts reads in order from `start` while `more()` allows (checked after each item; all of them without it). */
export function storeItems(store: Store, sourceId: string, reads: ReadItem[], at: string, lifecycle: StoryLifecycle,
  more: () => boolean = () => true, start = 0): StoredItems & { taken: number } {
  const stored: StoredItems = { counts: { added: 0, updated: 0, unchanged: 0 }, fresh: new Set(), previousHash: new Map(), from: null };
  let taken = 0;
  while (start + taken < reads.length) {
    const outcome = upsertItem(store, sourceId, reads[start + taken++] as ReadItem, at, lifecycle);
    stored.counts[outcome.kind] += 1;
    if (outcome.kind !== 'unchanged') {
      stored.fresh.add(outcome.id);
      if (outcome.previousHash) stored.previousHash.set(outcome.id, outcome.previousHash);
      for (const key of outcome.keys) if (!stored.from || isBefore(key, stored.from)) stored.from = key;
    }
    if (!more()) break;
  }
  return { ...stored, taken };
}

/** Places everything from the earliest touched key and writes the alert rows of the stories it changed (inside the transaction). */
export function placeStored(store: Store, lifecycle: StoryLifecycle, stored: StoredItems, at: string,
  options: { settings: StorySettings; priorityOf: (sourceId: string) => number }): PlaceReport | null {
  if (!stored.from) return null;
  const placed = lifecycle.placeFrom(stored.from, { ...options, now: at, fresh: stored.fresh, previousHash: stored.previousHash });
  enqueueAlerts(store, placed.touched, at);
  return placed;
}

export type Upsert = { kind: 'added' | 'updated'; id: string; keys: OrderKey[]; previousHash?: string } | { kind: 'unchanged' };

/** What storing one item needs (SQLite's tables, or PostgreSQL's commit over rows it preloaded). */
export interface UpsertPorts {
  items: Pick<ItemsTable, 'findByIdentity' | 'insert' | 'update'>;
  stories: Pick<StoriesTable, 'create'>;
}

/** Stores the item; a new one opens its own story until the lifecycle places it. */
export function upsertItem(store: UpsertPorts, sourceId: string, read: ReadItem, now: string, lifecycle?: StoryLifecycle): Upsert {
  let { item } = read;
  const { raw, features } = read;
  const identity = identityKey(item);
  const existing = store.items.findByIdentity(sourceId, identity);
  // A page dated by when it was first seen keeps that first date when it is read again.
  if (existing?.published && item.dateSource === 'first-seen') item = { ...item, published: existing.published };
  const revision = revisionOf(item);
  if (existing && (existing.revision === revision || isStaleVersion(existing.version, item))) return { kind: 'unchanged' };
  // Analysed once (in a parse thread when it sent features): the exact hash comes from the same
  // prepared text the placement will read. Without a lifecycle (PostgreSQL's clusterer places
  // later, from the stored text) only the hash is needed.
  const analysed = features ?? (lifecycle ? precomputeFeatures(item) : null);
  const hash = analysed?.contentHash ?? contentHash(item);
  if (existing) {
    const previousHash = existing.contentHash;
    const updated = item.updated ?? now;
    if (analysed) lifecycle?.seed(existing.id, hash, analysed.analysis);
    store.items.update(storedItem({ ...item, updated }, { id: existing.id, sourceId, identity, revision, contentHash: hash,
      storyId: existing.storyId, fetchedAt: existing.fetchedAt, changedAt: now, raw }));
    // Placed again from where it was and from where it is now, whichever comes first.
    const keys = [{ sortDate: existing.published ?? existing.fetchedAt, id: existing.id }, { sortDate: item.published ?? existing.fetchedAt, id: existing.id }];
    return { kind: 'updated', id: existing.id, keys, ...(previousHash ? { previousHash } : {}) };
  }
  const id = itemId(sourceId, identity);
  const storyId = storyIdFor(id);
  if (analysed) lifecycle?.seed(id, hash, analysed.analysis);
  store.stories.create(storyId, now);
  store.items.insert(storedItem(item, { id, sourceId, identity, revision, contentHash: hash, storyId, fetchedAt: now, changedAt: now, raw }));
  return { kind: 'added', id, keys: [{ sortDate: item.published ?? now, id }] };
}

/**
 * The item with what storing it adds, field by field in one order: spreading a read that came
 * from a parse thread (a structured clone, its own hidden class) missed V8's inline caches on
 * every property, ~20% of storing an item. `satisfies` keeps the list complete. An item without
 * editorial metadata or a date source stores them as undefined, which every reader treats as absent.
 */
function storedItem(item: NormalizedItem, added: Omit<StoredItem, keyof NormalizedItem>): StoredItem {
  return {
    id: added.id, sourceId: added.sourceId, identity: added.identity, revision: added.revision, contentHash: added.contentHash,
    storyId: added.storyId, fetchedAt: added.fetchedAt, changedAt: added.changedAt, raw: added.raw,
    guid: item.guid, url: item.url, title: item.title, published: item.published, updated: item.updated, author: item.author,
    categories: item.categories, enclosures: item.enclosures, summary: item.summary, contentHtml: item.contentHtml,
    contentText: item.contentText, language: item.language, dateline: item.dateline, editorial: item.editorial, dateSource: item.dateSource,
  } satisfies Record<keyof StoredItem, unknown>;
}

export function isBefore(a: OrderKey, b: OrderKey): boolean {
  return a.sortDate < b.sortDate || (a.sortDate === b.sortDate && a.id < b.id);
}
