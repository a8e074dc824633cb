/**
 * Stores one source refresh in one transaction: new items join or open a story, changed items are
 * updated in place, unchanged ones are not rewritten, and the fetch state is recorded with them.
 */
import { DEDUP_DEFAULTS, type SourceConfig } from '../config/schema.js';
import type { StorySettings } from '../dedup/assign-story.js';
import { pickCanonical } from '../dedup/canonical.js';
import { contentHash } from '../dedup/content-hash.js';
import { identityKey, itemId, revisionOf, storyIdFor } from '../dedup/identity.js';
import { dropStoryClusterer, sortSeconds, storyClustererFor, type StoryClusterer } from '../dedup/story-clusterer.js';
import type { NormalizedItem } from '../model/item.js';
import type { Store } from '../store/open-store.js';
import type { FetchSuccess } from '../store/sources-table.js';
import type { StoredItem } from '../store/items-table.js';
import type { ReadItem } from '../model/read-document.js';

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
  try {
    return store.transaction(() => commitInTransaction(store, source, incoming, fetchState, priorityOf, dedup));
  } catch (err) {
    // The in-memory story index may hold rows the rollback undid: reload it next time.
    dropStoryClusterer(store);
    throw err;
  }
}

function commitInTransaction(store: Store, source: SourceConfig, incoming: ReadItem[], fetchState: FetchSuccess,
  priorityOf: (sourceId: string) => number, dedup: StorySettings): CommitCounts {
  const stories = storyClustererFor(store, dedup);
  const counts: CommitCounts = { added: 0, updated: 0, unchanged: 0 };
  const touchedStories = new Set<string>();
  for (const { item, raw } of incoming) {
    const outcome = upsertItem({ store, stories, priorityOf }, source.id, item, raw, fetchState.at);
    counts[outcome.kind] += 1;
    if (outcome.kind !== 'unchanged') touchedStories.add(outcome.storyId);
  }
  for (const storyId of touchedStories) refreshCanonical(store, storyId, priorityOf, fetchState.at);
  store.sources.recordSuccess(source.id, fetchState);
  if (touchedStories.size > 0) store.meta.bumpGeneration();
  stories.prune(Date.parse(fetchState.at) / 1000);
  return counts;
}

interface UpsertContext {
  store: Store;
  stories: StoryClusterer;
  priorityOf: (sourceId: string) => number;
}

type Upsert = { kind: 'added' | 'updated'; storyId: string } | { kind: 'unchanged' };

function upsertItem(ctx: UpsertContext, sourceId: string, item: NormalizedItem, raw: string | null, now: string): Upsert {
  const { store, stories } = ctx;
  const identity = identityKey(item);
  const existing = store.items.findByIdentity(sourceId, identity);
  // A page dated by when it was first seen keeps that first date when it is read again.
  if (existing?.published && item.dateSource === 'first-seen') item = { ...item, published: existing.published };
  const revision = revisionOf(item);
  if (existing && existing.revision === revision) return { kind: 'unchanged' };
  const hash = contentHash(item);
  if (existing) {
    const updated = item.updated ?? now;
    store.items.update({ ...item, updated, id: existing.id, sourceId, identity, revision, contentHash: hash,
      storyId: existing.storyId, fetchedAt: existing.fetchedAt, changedAt: now, raw });
    const analysis = stories.analyze(sourceId, item.title, item.contentText);
    stories.record(existing.id, existing.storyId, sourceId, sortSeconds(item.published, existing.fetchedAt), analysis);
    return { kind: 'updated', storyId: existing.storyId };
  }
  const id = itemId(sourceId, identity);
  // Story assignment: exact hash, else near-duplicate of a story's canonical item, else a new story.
  const at = sortSeconds(item.published, now);
  const assignment = stories.assign({ sourceId, title: item.title, contentText: item.contentText, contentHash: hash, at });
  const storyId = assignment.storyId ?? storyIdFor(id);
  store.stories.create(storyId, now);
  store.items.insert({ ...item, id, sourceId, identity, revision, contentHash: hash, storyId, fetchedAt: now,
    changedAt: now, raw });
  stories.record(id, storyId, sourceId, at, assignment.analysis);
  // At once, so the next item of this refresh is compared with the story's current canonical item.
  refreshCanonical(store, storyId, ctx.priorityOf, now);
  return { kind: 'added', storyId };
}

export function refreshCanonical(store: Store, storyId: string, priorityOf: (sourceId: string) => number, now: string): void {
  const versions = store.items.byStory(storyId).map((item: StoredItem) => ({ item, priority: priorityOf(item.sourceId) }));
  const best = pickCanonical(versions);
  if (best) store.stories.setCanonical(storyId, best.item.id, now);
}
