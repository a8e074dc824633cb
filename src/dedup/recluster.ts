/**
 * Rebuilds every story from the stored items (after thresholds or text rules change), oldest
 * first, with the same rules as ingest, in one transaction. The new partition is worked out in
 * memory first; only items whose story changes are rewritten. Story ids stay stable: a story is
 * named after its first item, as at ingest.
 */
import type { Store } from '../store/open-store.js';
import type { StorySettings, StoryPorts } from './assign-story.js';
import { pickCanonical } from './canonical.js';
import { contentHash } from './content-hash.js';
import { storyIdFor } from './identity.js';
import { dropStoryClusterer, sortSeconds, storePorts, StoryClusterer } from './story-clusterer.js';

export interface ReclusterReport {
  items: number;
  storiesBefore: number;
  storiesAfter: number;
  /** New stories that gather items of two or more former stories. */
  merged: number;
  /** Former stories whose items now sit in two or more stories. */
  split: number;
  /** Items whose story changed. */
  moved: number;
}

const PRUNE_EVERY = 1000;

interface Version { id: string; sourceId: string; published: string | null; fetchedAt: string; contentText: { length: number } }

export function reclusterStore(store: Store, settings: StorySettings, priorityOf: (sourceId: string) => number, now: string): ReclusterReport {
  const report = store.transaction(() => {
    const keys = store.items.storyKeysInOrder();
    const before = new Map(keys.map((k) => [k.id, k.storyId]));
    store.signatures.clear();
    store.sentences.clear();
    store.sourceLines.clear();
    const after = assignAll(store, settings, priorityOf, keys.map((k) => k.id));
    let moved = 0;
    for (const [id, { storyId, hash }] of after.storyOf) {
      const item = store.items.get(id);
      if (!item || (item.storyId === storyId && item.contentHash === hash)) continue;
      if (item.storyId !== storyId) moved++;
      store.stories.create(storyId, now);
      store.items.update({ ...item, storyId, contentHash: hash });
    }
    for (const [storyId, versions] of after.versions) {
      const best = pickCanonical(versions.map((item) => ({ item, priority: priorityOf(item.sourceId) })));
      if (best) store.stories.setCanonical(storyId, best.item.id, now);
    }
    store.stories.deleteEmpty();
    if (moved > 0) store.meta.bumpGeneration();
    return { items: keys.length, storiesBefore: new Set(before.values()).size, storiesAfter: after.versions.size,
      merged: countSpread(storiesOf(after.storyOf), before), split: countSpread(before, storiesOf(after.storyOf)), moved };
  });
  dropStoryClusterer(store);
  return report;
}

/** The new story of every item, and each new story's versions (for its canonical item). */
function assignAll(store: Store, settings: StorySettings, priorityOf: (sourceId: string) => number, ids: string[]) {
  const storyOf = new Map<string, { storyId: string; hash: string }>();
  const versions = new Map<string, Version[]>();
  const byHash = new Map<string, Array<{ storyId: string; sourceId: string }>>();
  const base = storePorts(store);
  const ports: StoryPorts = {
    ...base,
    storyByContentHash: (hash, sourceId) => byHash.get(hash)?.find((h) => h.sourceId !== sourceId)?.storyId ?? null,
    canonicalOf: (storyId) => {
      const best = pickCanonical((versions.get(storyId) ?? []).map((item) => ({ item, priority: priorityOf(item.sourceId) })));
      const item = best ? store.items.get(best.item.id) : null;
      return item ? { itemId: item.id, sourceId: item.sourceId, contentHash: item.contentHash, title: item.title, contentText: item.contentText } : null;
    },
  };
  const clusterer = new StoryClusterer(store, settings, ports);
  for (const id of ids) {
    const item = store.items.get(id);
    if (!item) continue;
    const at = sortSeconds(item.published, item.fetchedAt);
    const hash = contentHash(item);
    const assignment = clusterer.assign({ sourceId: item.sourceId, title: item.title, contentText: item.contentText, contentHash: hash, at });
    const storyId = assignment.storyId ?? storyIdFor(id);
    storyOf.set(id, { storyId, hash });
    const list = versions.get(storyId) ?? [];
    list.push({ id, sourceId: item.sourceId, published: item.published, fetchedAt: item.fetchedAt, contentText: { length: item.contentText.length } });
    versions.set(storyId, list);
    const sameHash = byHash.get(hash) ?? [];
    sameHash.push({ storyId, sourceId: item.sourceId });
    byHash.set(hash, sameHash);
    clusterer.record(id, storyId, item.sourceId, at, assignment.analysis);
    // Keeps the index to the active window as the rebuild moves forward in time.
    if (storyOf.size % PRUNE_EVERY === 0) clusterer.prune(at);
  }
  return { storyOf, versions };
}

function storiesOf(assigned: Map<string, { storyId: string }>): Map<string, string> {
  return new Map([...assigned].map(([id, a]) => [id, a.storyId]));
}

/** How many groups of `grouping` hold items from two or more groups of `other`. */
function countSpread(grouping: Map<string, string>, other: Map<string, string>): number {
  const origins = new Map<string, Set<string>>();
  for (const [id, group] of grouping) {
    const set = origins.get(group) ?? new Set<string>();
    set.add(other.get(id) ?? `new:${id}`);
    origins.set(group, set);
  }
  return [...origins.values()].filter((set) => set.size > 1).length;
}
