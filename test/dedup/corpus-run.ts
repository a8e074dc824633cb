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
    const item = normalized({ guid: entry.guid, url: `https://${entry.source}.example/${entry.guid}`, title: entry.title,
      published: entry.published, contentText: entry.contentText, contentHtml: null, language: entry.language });
    commitRefresh(store, source, [{ item, raw: null }], {
      at: entry.published, status: 200, etag: null, lastModified: null, nextFetchAt: null,
    }, (id) => priority.get(id) ?? 0, settings);
  }
  const storyOf = new Map<string, string>();
  for (const entry of items) {
    const id = store.items.findByIdentity(entry.source, `guid:${entry.guid}`);
    if (id) storyOf.set(entry.guid, id.storyId);
  }
  return { store, storyOf };
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
