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
import { storyLifecycleFor, type StoryLifecycle } from '../dedup/story-lifecycle.js';
import type { OrderKey } from '../dedup/story-port.js';
import type { ReadItem } from '../model/read-document.js';
import type { Store } from '../store/open-store.js';
import type { ItemsTable } from '../store/items-table.js';
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
      const counts: CommitCounts = { added: 0, updated: 0, unchanged: 0 };
      const fresh = new Set<string>();
      const previousHash = new Map<string, string>();
      let from: OrderKey | null = null;
      for (const read of incoming) {
        const outcome = upsertItem(store, source.id, read, fetchState.at, lifecycle);
        counts[outcome.kind] += 1;
        if (outcome.kind === 'unchanged') continue;
        fresh.add(outcome.id);
        if (outcome.previousHash) previousHash.set(outcome.id, outcome.previousHash);
        for (const key of outcome.keys) if (!from || isBefore(key, from)) from = key;
      }
      store.sources.recordSuccess(source.id, fetchState);
      if (!from) return counts;
      const placed = lifecycle.placeFrom(from, { settings: dedup, priorityOf, now: fetchState.at, fresh, previousHash });
      enqueueAlerts(store, placed.touched, fetchState.at);
      store.websub.enqueue(fetchState.at);
      store.meta.bumpGeneration();
      return counts;
    });
  } catch (err) {
    // The in-memory story index may hold rows the rollback undid: reload it next time.
    lifecycle.invalidate();
    throw err;
  }
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
    store.items.update({ ...item, updated, id: existing.id, sourceId, identity, revision, contentHash: hash,
      storyId: existing.storyId, fetchedAt: existing.fetchedAt, changedAt: now, raw });
    // Placed again from where it was and from where it is now, whichever comes first.
    const keys = [{ sortDate: existing.published ?? existing.fetchedAt, id: existing.id }, { sortDate: item.published ?? existing.fetchedAt, id: existing.id }];
    return { kind: 'updated', id: existing.id, keys, ...(previousHash ? { previousHash } : {}) };
  }
  const id = itemId(sourceId, identity);
  const storyId = storyIdFor(id);
  if (analysed) lifecycle?.seed(id, hash, analysed.analysis);
  store.stories.create(storyId, now);
  store.items.insert({ ...item, id, sourceId, identity, revision, contentHash: hash, storyId, fetchedAt: now, changedAt: now, raw });
  return { kind: 'added', id, keys: [{ sortDate: item.published ?? now, id }] };
}

function isBefore(a: OrderKey, b: OrderKey): boolean {
  return a.sortDate < b.sortDate || (a.sortDate === b.sortDate && a.id < b.id);
}
