/**
 * The in-memory story index port against SQLite's: the same commits (new items in their own story,
 * updates with a new text) placed by the same lifecycle give the same stories, canonicals, versions
 * and index rows on both, and the same report for every placement.
 */
import { describe, expect, it } from 'vitest';
import { DEDUP_DEFAULTS, sourceSchema } from '../../src/config/schema.js';
import { contentHash } from '../../src/dedup/content-hash.js';
import { identityKey, itemId, revisionOf, storyIdFor } from '../../src/dedup/identity.js';
import { compareKeys, MemoryStoryIndex } from '../../src/dedup/memory-story-index.js';
import { StoryLifecycle } from '../../src/dedup/story-lifecycle.js';
import type { OrderKey, PlacedItem, StoryIndexPort } from '../../src/dedup/story-port.js';
import { commitRefresh } from '../../src/ingest/commit-items.js';
import type { Store } from '../../src/store/open-store.js';
import { buildCorpus, CORPUS_SOURCES, type CorpusItem } from '../fixtures/stories/build-corpus.js';
import { normalized } from '../helpers/items.js';
import { tempStore } from '../helpers/temp-store.js';
import { seededRandom } from './corpus-run.js';

const corpus = buildCorpus();
const priorityOf = (id: string) => CORPUS_SOURCES.find((s) => s.id === id)?.priority ?? 0;

interface Refresh { sourceId: string; at: string; entries: CorpusItem[] }

/** Refreshes in a seeded order; a fifth of the items first come as their opening paragraph, then whole (an update). */
function schedule(seed: number): Refresh[] {
  const random = seededRandom(seed);
  const shuffled = [...corpus].sort(() => random() - 0.5);
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

const asItem = (c: CorpusItem) => normalized({ guid: c.guid, url: `https://${c.source}.example/${c.guid}`, title: c.title,
  published: c.published, contentText: c.contentText, contentHtml: null, language: c.language });

function runOnSqlite(refreshes: Refresh[]): Store {
  const { store } = tempStore();
  for (const r of refreshes) {
    const source = sourceSchema.parse({ id: r.sourceId, url: `file:///corpus/${r.sourceId}`, kind: 'partner' });
    store.sources.ensure(source.id, source.url);
    commitRefresh(store, source, r.entries.map((c) => ({ item: asItem(c), raw: null })),
      { at: r.at, status: 200, etag: null, lastModified: null, nextFetchAt: null }, priorityOf, DEDUP_DEFAULTS);
  }
  return store;
}

/** The commit of commit-items.ts over the memory port: store, then place from the earliest touched key. */
function runInMemory(refreshes: Refresh[]): MemoryStoryIndex {
  const port = new MemoryStoryIndex();
  const lifecycle = new StoryLifecycle(port);
  const revisions = new Map<string, string>();
  for (const r of refreshes) {
    const fresh = new Set<string>();
    const previousHash = new Map<string, string>();
    let from: OrderKey | null = null;
    const touch = (key: OrderKey) => { if (!from || compareKeys(key, from) < 0) from = key; };
    for (const c of r.entries) {
      const item = asItem(c);
      const revision = revisionOf(item);
      if (revisions.get(c.guid) === revision) continue;
      revisions.set(c.guid, revision);
      const id = itemId(c.source, identityKey(item));
      const hash = contentHash(item);
      const old = port.item(id);
      const placed: PlacedItem = { id, sourceId: c.source, title: item.title, contentText: item.contentText, contentHash: hash,
        published: item.published, fetchedAt: old?.fetchedAt ?? r.at, sortDate: item.published ?? old?.fetchedAt ?? r.at, storyId: old?.storyId ?? storyIdFor(id) };
      if (old) {
        previousHash.set(id, old.contentHash);
        touch(old);
      }
      port.addItem(placed);
      fresh.add(id);
      touch(placed);
    }
    if (from) lifecycle.placeFrom(from, { settings: DEDUP_DEFAULTS, priorityOf, now: r.at, fresh, previousHash });
  }
  return port;
}

function stateOf(port: StoryIndexPort, canonicalOf: (storyId: string) => string | null) {
  const items = port.itemsFrom(null, 1e6);
  const stories = [...new Set(items.map((i) => i.storyId))].sort();
  return {
    partition: Object.fromEntries(items.map((i) => [i.id, i.storyId])),
    canonicals: Object.fromEntries(stories.map((s) => [s, canonicalOf(s)])),
    versions: items.map((i) => port.version(i.id)),
    rows: items.map((i) => port.rowsOf(i.id)).map((r) => ({ ...r, bandKeys: r.bandKeys ? [...r.bandKeys] : null,
      sentences: [...r.sentences].sort((a, b) => a.position - b.position) })),
    prunedBefore: port.prunedBefore(),
  };
}

describe('the in-memory story index port', () => {
  it.each([1, 2])('places a shuffled ingest with updates exactly as the SQLite port does (order %i)', (seed) => {
    const refreshes = schedule(seed);
    const store = runOnSqlite(refreshes);
    try {
      const memory = runInMemory(refreshes);
      const changes = memory.changes();
      const sqlite = stateOf(store.storyIndex, (s) => store.stories.get(s)?.canonicalItemId ?? null);
      const inMemory = stateOf(memory, (s) => changes.canonicals.get(s)?.itemId ?? null);
      expect(Object.keys(inMemory.partition)).toHaveLength(corpus.length);
      expect(new Set(Object.values(inMemory.partition)).size).toBeLessThan(corpus.length / 2);
      expect(inMemory).toEqual(sqlite);
    } finally {
      store.close();
    }
  });

  it('records what placing changed, for a backend to write back', () => {
    const memory = runInMemory(schedule(4));
    const changes = memory.changes();
    const items = memory.itemsFrom(null, 1e6);
    // Every item that joined another story is a recorded move, and every story left with items has a canonical.
    for (const item of items) if (item.storyId !== storyIdFor(item.id)) expect(changes.moves.get(item.id)).toBe(item.storyId);
    for (const storyId of new Set(items.map((i) => i.storyId))) expect(items.map((i) => i.id)).toContain(changes.canonicals.get(storyId)?.itemId);
    expect(changes.versions.size).toBe(items.length);
    expect(changes.generation).toBeGreaterThan(0);
    memory.resetChanges();
    expect(memory.changes().moves.size).toBe(0);
  });
});
