/**
 * SQLite's sliced commit (src/ingest/commit-slices.ts) stores exactly what one transaction would:
 * the same items, partition, canonicals and search hits, whatever the slice size, the arrival order,
 * the interleaving with other sources' slices, or a crash between slices.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DEDUP_DEFAULTS, type SourceConfig } from '../../src/config/schema.js';
import { partition, reclusterStore } from '../../src/dedup/recluster.js';
import { commitRefresh } from '../../src/ingest/commit-items.js';
import { commitInSlices, type SliceOptions } from '../../src/ingest/commit-slices.js';
import type { ReadItem } from '../../src/model/read-document.js';
import type { Store } from '../../src/store/open-store.js';
import { seededRandom, shuffle } from '../dedup/corpus-run.js';
import { tempStore } from '../helpers/temp-store.js';
import { goldenView } from './golden-view.js';
import { AT, corpusRefreshes, fetched, generatedFeeds, priorityOf, sourceOf, unplacedItems } from './slice-fixtures.js';

const stores: Store[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

function fresh(): { store: Store; path: string } {
  const made = tempStore();
  stores.push(made.store);
  return made;
}

type Refresh = { source: SourceConfig; reads: ReadItem[] };

function oneCommitEach(refreshes: Refresh[]): Store {
  const { store } = fresh();
  for (const { source, reads } of refreshes) {
    store.sources.ensure(source.id, source.url);
    commitRefresh(store, source, reads, fetched(), priorityOf, DEDUP_DEFAULTS);
  }
  return store;
}

async function slicedEach(refreshes: Refresh[], options: SliceOptions, store = fresh().store) {
  const results = [];
  for (const { source, reads } of refreshes) {
    store.sources.ensure(source.id, source.url);
    results.push(await commitInSlices(store, source, reads, fetched(), priorityOf, DEDUP_DEFAULTS, options));
  }
  return { store, results };
}

function generated(count: number, copiedTail: number, seed: number): Refresh[] {
  const { wire, partner } = generatedFeeds(count, copiedTail);
  const random = seededRandom(seed);
  return [{ source: sourceOf('wire', 'wire'), reads: shuffle(wire, random) }, { source: sourceOf('partner'), reads: shuffle(partner, random) }];
}

describe('a refresh committed in slices', () => {
  it('stores a feed of a few thousand generated items with the same items, stories, canonicals and search hits as one commit', async () => {
    const refreshes = generated(2000, 240, 5);
    const expected = goldenView(oneCommitEach(refreshes));
    const { store, results } = await slicedEach(refreshes, { maxItems: 16 });
    expect(results[0]?.slices).toBeGreaterThan(120);
    expect(goldenView(store)).toEqual(expected);
    // The partner copies joined the wire's stories: the comparison is over real joins, not only singletons.
    expect(new Set(partition(store).values()).size).toBeLessThan(2000 + 80 - 40);
  }, 120_000);

  it('places the labelled story corpus into the same partition and canonicals as one commit, one item per slice', async () => {
    const refreshes = corpusRefreshes(1);
    const expected = goldenView(oneCommitEach(refreshes));
    const { store, results } = await slicedEach(refreshes, { maxItems: 1 });
    expect(results.reduce((n, r) => n + r.slices, 0)).toBe(refreshes.reduce((n, r) => n + r.reads.length, 0));
    expect(goldenView(store)).toEqual(expected);
  });

  it('goes through a cold fill in placement order whatever the document order: each item is placed once', async () => {
    const [wire] = generated(600, 0, 9);
    const { results } = await slicedEach([wire as Refresh], { maxItems: 7 });
    expect(results[0]).toMatchObject({ added: 600, visited: 600 });
    expect(results[0]?.slices).toBeGreaterThanOrEqual(Math.ceil(600 / 7));
  });

  it('keeps the last of two reads of one item in the document, as one commit does', async () => {
    const [wire] = generated(40, 0, 2);
    const reads = wire?.reads ?? [];
    const edited = { item: { ...reads[3]!.item, title: 'Edited title', published: '2025-12-01T00:00:00.000Z' }, raw: null };
    const refresh = [{ source: sourceOf('wire', 'wire'), reads: [...reads, edited] }];
    const { store } = await slicedEach(refresh, { maxItems: 3 });
    expect(goldenView(store)).toEqual(goldenView(oneCommitEach(refresh)));
  });

  it('asks a budget given as a function before each slice, and sizes that slice by its answer', async () => {
    const [wire] = generated(120, 0, 4);
    // A budget of 0 takes one item; an unbounded one takes the rest: three single items, then one slice for the other 117.
    const budgets = [0, 0, 0, 1e9];
    let asked = 0;
    const stored: number[] = [];
    const { store } = fresh();
    const { results } = await slicedEach([wire as Refresh], {
      budgetMs: () => budgets[Math.min(asked++, budgets.length - 1)] ?? 0,
      inSlice: () => stored.push(store.items.count()),
    }, store);
    expect(results[0]).toMatchObject({ added: 120, slices: 4 });
    expect(asked).toBe(4);
    // Counted inside each slice's transaction: 1, 2, 3 items stored, then all 120.
    expect(stored).toEqual([1, 2, 3, 120]);
    expect(goldenView(store)).toEqual(goldenView(oneCommitEach([wire as Refresh])));
  });
});

describe('a crash between slices', () => {
  it('leaves committed slices stored and placed, no fetch state, and the next refresh completes to the clean result', async () => {
    const refreshes = generated(300, 120, 4);
    const clean = goldenView(oneCommitEach(refreshes));
    const { store, path } = fresh();
    const [wire, partner] = refreshes as [Refresh, Refresh];
    await slicedEach([wire], { maxItems: 10 }, store);
    store.sources.ensure(partner.source.id, partner.source.url);
    let storedByThree = 0;
    const crash = (slice: number) => {
      if (slice === 3) storedByThree = store.items.count();
      if (slice === 4) throw new Error('crash in the fourth slice');
    };
    await expect(commitInSlices(store, partner.source, partner.reads, fetched(), priorityOf, DEDUP_DEFAULTS, { maxItems: 5, inSlice: crash })).rejects.toThrow('fourth slice');
    expect(storedByThree).toBeGreaterThanOrEqual(300 + 3);
    expect(store.items.count()).toBe(storedByThree);
    expect(unplacedItems(store)).toEqual([]);
    expect(integrity(path)).toBe('ok');
    expect(store.sources.get(partner.source.id)?.etag ?? null).toBeNull();
    // The store after the crash is the one a refresh of only the committed items would leave.
    expect(partition(store)).toEqual(partitionAfterRecluster(store));
    await commitInSlices(store, partner.source, partner.reads, fetched(), priorityOf, DEDUP_DEFAULTS, { maxItems: 5 });
    expect(goldenView(store)).toEqual(clean);
    expect(store.sources.get(partner.source.id)?.etag).toBe('"e1"');
  });
});

describe('sliced commits of several sources interleaved on one thread', () => {
  it.each([11, 12, 13])('give the one-by-one and the recluster partition for seeded interleaving %i', async (seed) => {
    const random = seededRandom(seed);
    const refreshes = corpusRefreshes(seed);
    const expected = goldenView(oneCommitEach(refreshes));
    const { store } = fresh();
    for (const { source } of refreshes) store.sources.ensure(source.id, source.url);
    const turn = randomTurns(random);
    const groups = chunk(refreshes, 1 + Math.floor(random() * 3));
    for (const group of groups) {
      await Promise.all(group.map(({ source, reads }) => commitInSlices(store, source, reads, fetched(), priorityOf, DEDUP_DEFAULTS,
        { maxItems: 1 + Math.floor(random() * 4), yieldTurn: turn })));
    }
    expect(goldenView(store)).toEqual(expected);
    expect(partition(store)).toEqual(partitionAfterRecluster(store));
  });
});

/** Between slices, the next commit to run is picked at random among those waiting. */
function randomTurns(random: () => number): () => Promise<void> {
  const waiting: Array<() => void> = [];
  const release = () => {
    const [next] = waiting.splice(Math.floor(random() * waiting.length), 1);
    next?.();
    if (waiting.length > 0) setImmediate(release);
  };
  return () => new Promise<void>((resolve) => {
    waiting.push(resolve);
    if (waiting.length === 1) setImmediate(release);
  });
}

function chunk<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

function partitionAfterRecluster(store: Store): Map<string, string> {
  reclusterStore(store, DEDUP_DEFAULTS, priorityOf, AT);
  return partition(store);
}

function integrity(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}
