/** Generated refreshes for the sliced-commit tests: many distinct stories, partner copies dated around the wire's. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sourceSchema, type SourceConfig } from '../../src/config/schema.js';
import type { ReadItem } from '../../src/model/read-document.js';
import type { Store } from '../../src/store/open-store.js';
import type { FetchSuccess } from '../../src/store/sources-table.js';
import { asItem, seededRandom, shuffle } from '../dedup/corpus-run.js';
import { CORPUS_SOURCES, type CorpusItem } from '../fixtures/stories/build-corpus.js';
import { normalized } from '../helpers/items.js';

export const AT = '2026-01-10T12:00:00.000Z';

export function sourceOf(id: string, kind: 'wire' | 'partner' = 'partner'): SourceConfig {
  return sourceSchema.parse({ id, url: `file:///generated/${id}`, kind });
}

export function fetched(at = AT): FetchSuccess {
  return { at, status: 200, etag: '"e1"', lastModified: null, nextFetchAt: null };
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'ze', 'pa', 'do', 'gu', 'fe', 'hi', 'jo', 'ba'];

function word(random: () => number): string {
  const n = 2 + Math.floor(random() * 3);
  return Array.from({ length: n }, () => SYLLABLES[Math.floor(random() * SYLLABLES.length)]).join('');
}

function sentence(random: () => number): string {
  const words = Array.from({ length: 9 + Math.floor(random() * 8) }, () => word(random));
  return `${words.join(' ')}.`;
}

/**
 * `count` wire stories an hour apart, and partner copies of every `copyEvery`-th one among the
 * last `copiedTail` (a sentence changed, dated a few minutes before or after the wire's).
 */
export function generatedFeeds(count: number, copiedTail: number, seed = 3): { wire: ReadItem[]; partner: ReadItem[] } {
  const random = seededRandom(seed);
  const start = Date.parse('2026-01-01T00:00:00Z');
  const wire: ReadItem[] = [];
  const partner: ReadItem[] = [];
  for (let i = 0; i < count; i++) {
    const sentences = Array.from({ length: 4 + Math.floor(random() * 3) }, () => sentence(random));
    const published = new Date(start + i * 3_600_000).toISOString();
    wire.push({ item: normalized({ guid: `w-${i}`, url: `https://wire.example/${i}`, title: sentences[0]?.slice(0, 60) ?? '', published, contentText: sentences.join('\n'), contentHtml: null }), raw: null });
    if (i >= count - copiedTail && i % 3 === 0) {
      const copy = [...sentences.slice(0, -1), sentence(random)];
      const shifted = new Date(Date.parse(published) + (random() < 0.5 ? -1 : 1) * 600_000).toISOString();
      partner.push({ item: normalized({ guid: `p-${i}`, url: `https://partner.example/${i}`, title: copy[0]?.slice(0, 60) ?? '', published: shifted, contentText: copy.join('\n'), contentHtml: null }), raw: null });
    }
  }
  return { wire, partner };
}

/** The labelled story corpus (test/fixtures/stories/corpus.json) as one shuffled refresh per source. */
export function corpusRefreshes(seed: number): Array<{ source: SourceConfig; reads: ReadItem[] }> {
  const corpus = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/stories/corpus.json'), 'utf8')) as CorpusItem[];
  const random = seededRandom(seed);
  return shuffle(CORPUS_SOURCES, random).map((s) => ({
    source: sourceOf(s.id, s.kind),
    reads: shuffle(corpus.filter((c) => c.source === s.id), random).map((c) => ({ item: asItem(c), raw: null })),
  }));
}

export const priorityOf = (id: string): number => CORPUS_SOURCES.find((s) => s.id === id)?.priority ?? 0;

/** Whether every item has a stored story and a placement (no item left between slices unplaced). */
export function unplacedItems(store: Store): string[] {
  const items = store.items.candidates({ sourceIds: [], since: null, limit: 1_000_000 });
  return items.filter((i) => store.storyIndex.version(i.id) === null || store.stories.get(i.storyId) === null).map((i) => i.id);
}
