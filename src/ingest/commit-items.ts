/**
 * Stores one source refresh in one transaction: new items join or open a story, changed items are
 * updated in place, unchanged ones are not rewritten, and the fetch state is recorded with them.
 */
import type { SourceConfig } from '../config/schema.js';
import { pickCanonical } from '../dedup/canonical.js';
import { contentHash } from '../dedup/content-hash.js';
import { identityKey, itemId, revisionOf, storyIdFor } from '../dedup/identity.js';
import type { NormalizedItem } from '../model/item.js';
import type { Store } from '../store/open-store.js';
import type { FetchSuccess } from '../store/sources-table.js';
import type { StoredItem } from '../store/items-table.js';

export interface IncomingItem {
  item: NormalizedItem;
  raw: string | null;
}

export interface CommitCounts {
  added: number;
  updated: number;
  unchanged: number;
}

export function commitRefresh(
  store: Store,
  source: SourceConfig,
  incoming: IncomingItem[],
  fetchState: FetchSuccess,
  priorityOf: (sourceId: string) => number,
): CommitCounts {
  return store.transaction(() => {
    const counts: CommitCounts = { added: 0, updated: 0, unchanged: 0 };
    const touchedStories = new Set<string>();
    for (const { item, raw } of incoming) {
      const outcome = upsertItem(store, source.id, item, raw, fetchState.at);
      counts[outcome.kind] += 1;
      if (outcome.kind !== 'unchanged') touchedStories.add(outcome.storyId);
    }
    for (const storyId of touchedStories) refreshCanonical(store, storyId, priorityOf, fetchState.at);
    store.sources.recordSuccess(source.id, fetchState);
    if (touchedStories.size > 0) store.meta.bumpGeneration();
    return counts;
  });
}

type Upsert = { kind: 'added' | 'updated'; storyId: string } | { kind: 'unchanged' };

function upsertItem(store: Store, sourceId: string, item: NormalizedItem, raw: string | null, now: string): Upsert {
  const identity = identityKey(item);
  const revision = revisionOf(item);
  const existing = store.items.findByIdentity(sourceId, identity);
  if (existing && existing.revision === revision) return { kind: 'unchanged' };
  const hash = contentHash(item);
  if (existing) {
    const updated = item.updated ?? now;
    store.items.update({ ...item, updated, id: existing.id, sourceId, identity, revision, contentHash: hash,
      storyId: existing.storyId, fetchedAt: existing.fetchedAt, changedAt: now, raw });
    return { kind: 'updated', storyId: existing.storyId };
  }
  const id = itemId(sourceId, identity);
  const storyId = store.items.findStoryByContentHash(hash, sourceId) ?? storyIdFor(id);
  store.stories.create(storyId, now);
  store.items.insert({ ...item, id, sourceId, identity, revision, contentHash: hash, storyId, fetchedAt: now,
    changedAt: now, raw });
  return { kind: 'added', storyId };
}

export function refreshCanonical(store: Store, storyId: string, priorityOf: (sourceId: string) => number, now: string): void {
  const versions = store.items.byStory(storyId).map((item: StoredItem) => ({ item, priority: priorityOf(item.sourceId) }));
  const best = pickCanonical(versions);
  if (best) store.stories.setCanonical(storyId, best.item.id, now);
}
