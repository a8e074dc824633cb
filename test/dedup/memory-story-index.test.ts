/**
 * The in-memory story index port against SQLite's: the same commits (new items in their own story,
 * updates with a new text) placed by the same lifecycle give the same stories, canonicals, versions
 * and index rows on both.
 */
import { describe, expect, it } from 'vitest';
import { DEDUP_DEFAULTS } from '../../src/config/schema.js';
import { contentHash } from '../../src/dedup/content-hash.js';
import { identityKey, itemId, revisionOf, storyIdFor } from '../../src/dedup/identity.js';
import { compareKeys, MemoryStoryIndex } from '../../src/dedup/memory-story-index.js';
import { StoryLifecycle } from '../../src/dedup/story-lifecycle.js';
import type { OrderKey, PlacedItem, StoryIndexPort } from '../../src/dedup/story-port.js';
import { asItem, corpus, priorityOf, runOnSqlite, schedule, type Refresh } from './story-schedule.js';

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
  it.each([1])('places a shuffled ingest with updates exactly as the SQLite port does (order %i)', (seed) => {
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
