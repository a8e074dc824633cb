/** Runs a labelled corpus through the real commit path (one refresh per item) into a temp store. */
import { sourceSchema } from '../../src/config/schema.js';
import { DEDUP_DEFAULTS } from '../../src/config/schema.js';
import type { StorySettings } from '../../src/dedup/assign-story.js';
import { commitRefresh } from '../../src/ingest/commit-items.js';
import type { Store } from '../../src/store/open-store.js';
import { normalized } from '../helpers/items.js';
import { tempStore } from '../helpers/temp-store.js';
import type { CorpusItem, CorpusSource } from '../fixtures/stories/build-corpus.js';

export interface ClusterResult {
  store: Store;
  storyOf: Map<string, string>;
}

export function ingestCorpus(items: CorpusItem[], sources: CorpusSource[], settings: StorySettings = DEDUP_DEFAULTS): ClusterResult {
  const { store } = tempStore();
  const priority = new Map(sources.map((s) => [s.id, s.priority]));
  const ordered = [...items].sort((a, b) => a.published.localeCompare(b.published) || a.guid.localeCompare(b.guid));
  for (const entry of ordered) {
    const source = sourceSchema.parse({ id: entry.source, url: `file:///corpus/${entry.source}`, kind: 'partner' });
    store.sources.ensure(source.id, source.url);
    commitRefresh(store, source, [{ item: asItem(entry), raw: null }], {
      at: entry.published, status: 200, etag: null, lastModified: null, nextFetchAt: null,
    }, (id) => priority.get(id) ?? 0, settings);
  }
  return { store, storyOf: storiesByGuid(store, items) };
}

export interface PairScores { precision: number; recall: number; truePairs: number; predictedPairs: number; falseMerges: string[]; misses: string[] }

/** Pairwise precision and recall of a clustering against the labels. */
export function pairScores(items: CorpusItem[], storyOf: Map<string, string>): PairScores {
  let tp = 0, predicted = 0, truth = 0;
  const falseMerges: string[] = [];
  const misses: string[] = [];
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const a = items[i]!;
      const b = items[j]!;
      const same = a.label === b.label;
      const together = storyOf.get(a.guid) === storyOf.get(b.guid);
      if (same) truth++;
      if (together) predicted++;
      if (same && together) tp++;
      if (together && !same) falseMerges.push(`${a.guid} ~ ${b.guid}`);
      if (same && !together) misses.push(`${a.guid} / ${b.guid}`);
    }
  }
  return { precision: predicted === 0 ? 1 : tp / predicted, recall: truth === 0 ? 1 : tp / truth, truePairs: truth, predictedPairs: predicted, falseMerges, misses };
}

/**
 * Ingests a corpus as sources really arrive: sources in a seeded random order, each source's items
 * shuffled and split into one to three refreshes (one transaction each).
 */
export function ingestShuffled(items: CorpusItem[], sources: CorpusSource[], seed: number, settings: StorySettings = DEDUP_DEFAULTS): ClusterResult {
  const random = seededRandom(seed);
  const { store } = tempStore();
  const priority = new Map(sources.map((s) => [s.id, s.priority]));
  const order = shuffle(sources.map((s) => s.id), random);
  let fetchedAt = Date.parse('2026-01-01T00:00:00Z');
  for (const sourceId of order) {
    const own = shuffle(items.filter((i) => i.source === sourceId), random);
    const source = sourceSchema.parse({ id: sourceId, url: `file:///corpus/${sourceId}`, kind: 'partner' });
    store.sources.ensure(source.id, source.url);
    for (let start = 0; start < own.length; ) {
      const size = 1 + Math.floor(random() * Math.max(1, Math.ceil(own.length / 2)));
      const refresh = own.slice(start, start + size).map((entry) => ({ item: asItem(entry), raw: null }));
      start += size;
      fetchedAt += 60_000;
      commitRefresh(store, source, refresh, { at: new Date(fetchedAt).toISOString(), status: 200, etag: null, lastModified: null, nextFetchAt: null },
        (id) => priority.get(id) ?? 0, settings);
    }
  }
  return { store, storyOf: storiesByGuid(store, items) };
}

export function storiesByGuid(store: Store, items: CorpusItem[]): Map<string, string> {
  const storyOf = new Map<string, string>();
  for (const entry of items) {
    const key = store.items.findByIdentity(entry.source, `guid:${entry.guid}`);
    if (key) storyOf.set(entry.guid, key.storyId);
  }
  return storyOf;
}

export function asItem(entry: CorpusItem) {
  return normalized({ guid: entry.guid, url: `https://${entry.source}.example/${entry.guid}`, title: entry.title,
    published: entry.published, contentText: entry.contentText, contentHtml: null, language: entry.language });
}

export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(list: T[], random: () => number): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
