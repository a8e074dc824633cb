/**
 * Rebuilds every story from the stored items (after thresholds or text rules change): the story
 * lifecycle places every item again from the first one, exactly as ingest places items, in one
 * transaction. Story ids stay stable: a story is named after its first item.
 */
import type { Store } from '../store/open-store.js';
import type { StorySettings } from './assign-story.js';
import { contentHash } from './content-hash.js';
import { storyLifecycleFor } from './story-lifecycle.js';

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

const BATCH = 1000;

export function reclusterStore(store: Store, settings: StorySettings, priorityOf: (sourceId: string) => number, now: string): ReclusterReport {
  const lifecycle = storyLifecycleFor(store);
  try {
    return store.transaction(() => {
      const before = partition(store);
      rehash(store);
      const placed = lifecycle.placeFrom(null, { settings, priorityOf, now });
      store.storyIndex.deleteEmptyStories();
      const after = partition(store);
      if (placed.moved > 0) store.meta.bumpGeneration();
      return { items: before.size, storiesBefore: new Set(before.values()).size, storiesAfter: new Set(after.values()).size,
        merged: countSpread(after, before), split: countSpread(before, after), moved: placed.moved };
    });
  } catch (err) {
    lifecycle.invalidate();
    throw err;
  }
}

/** Every item's story, by item id. */
export function partition(store: Store): Map<string, string> {
  return new Map(store.items.storyKeysInOrder().map((k) => [k.id, k.storyId]));
}

/** The exact-layer hash follows the current text rules. */
function rehash(store: Store): void {
  for (let cursor = null as { sortDate: string; id: string } | null, batch; ; ) {
    batch = store.storyIndex.itemsFrom(cursor, BATCH);
    for (const item of batch) {
      const hash = contentHash(item);
      if (hash !== item.contentHash) store.storyIndex.setContentHash(item.id, hash);
    }
    const last = batch.at(-1);
    if (!last || batch.length < BATCH) return;
    cursor = { sortDate: last.sortDate, id: `${last.id}\u0000` };
  }
}

/** How many groups of `grouping` hold items from two or more groups of `other`. */
export function countSpread(grouping: Map<string, string>, other: Map<string, string>): number {
  const origins = new Map<string, Set<string>>();
  for (const [id, group] of grouping) {
    const set = origins.get(group) ?? new Set<string>();
    set.add(other.get(id) ?? `new:${id}`);
    origins.set(group, set);
  }
  return [...origins.values()].filter((set) => set.size > 1).length;
}
