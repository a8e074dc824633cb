/** A seeded ingest schedule of the story corpus (refreshes with updates) and its run through SQLite's commit path. */
import { DEDUP_DEFAULTS, sourceSchema } from '../../src/config/schema.js';
import { commitRefresh } from '../../src/ingest/commit-items.js';
import type { Store } from '../../src/store/open-store.js';
import { buildCorpus, CORPUS_SOURCES, type CorpusItem } from '../fixtures/stories/build-corpus.js';
import { normalized } from '../helpers/items.js';
import { tempStore } from '../helpers/temp-store.js';
import { seededRandom } from './corpus-run.js';

export const corpus = buildCorpus();
export const priorityOf = (id: string) => CORPUS_SOURCES.find((s) => s.id === id)?.priority ?? 0;

export interface Refresh { sourceId: string; at: string; entries: CorpusItem[] }

/** Refreshes in a seeded order; a fifth of the items first come as their opening paragraph, then whole (an update). */
export function schedule(seed: number, items: CorpusItem[] = corpus): Refresh[] {
  const random = seededRandom(seed);
  const shuffled = [...items].sort(() => random() - 0.5);
  const early = shuffled.filter(() => random() < 0.2).map((c) => ({ ...c, contentText: c.contentText.split('\n')[0] ?? '' }));
  const out: Refresh[] = [];
  let at = Date.parse('2026-01-01T00:00:00Z');
  const entries = [...early, ...shuffled];
  for (let i = 0; i < entries.length; ) {
    const size = 1 + Math.floor(random() * 4);
    const chunk = entries.slice(i, i + size);
    i += size;
    for (const source of new Set(chunk.map((c) => c.source))) {
      at += 60_000;
      out.push({ sourceId: source, at: new Date(at).toISOString(), entries: chunk.filter((c) => c.source === source) });
    }
  }
  return out;
}

/** The item a corpus entry normalizes to (its HTML carries the text, so a longer text is a new revision). */
export const asItem = (c: CorpusItem) => normalized({ guid: c.guid, url: `https://${c.source}.example/${c.guid}`, title: c.title,
  published: c.published, contentText: c.contentText, contentHtml: `<p>${c.contentText.split('\n').join('</p><p>')}</p>`, language: c.language });

export function runOnSqlite(refreshes: Refresh[]): Store {
  return runOnSqliteFile(refreshes).store;
}

export function runOnSqliteFile(refreshes: Refresh[]): { store: Store; path: string } {
  const { store, path } = tempStore();
  for (const r of refreshes) {
    const source = sourceSchema.parse({ id: r.sourceId, url: `file:///corpus/${r.sourceId}`, kind: 'partner' });
    store.sources.ensure(source.id, source.url);
    commitRefresh(store, source, r.entries.map((c) => ({ item: asItem(c), raw: null })),
      { at: r.at, status: 200, etag: null, lastModified: null, nextFetchAt: null }, priorityOf, DEDUP_DEFAULTS);
  }
  return { store, path };
}

