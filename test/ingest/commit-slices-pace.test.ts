/**
 * How the sliced commit (src/ingest/commit-slices.ts) gives the thread back: each slice's storing,
 * placing and committing together stay within its budget, and ordering a chunk's reads takes a
 * turn every ORDER_RUN lookups. Counted, never timed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { commitInSlices, ORDER_RUN, orderForCommit, takesMore, type Pace } from '../../src/ingest/commit-slices.js';
import { DEDUP_DEFAULTS } from '../../src/config/schema.js';
import type { Store } from '../../src/store/open-store.js';
import { tempStore } from '../helpers/temp-store.js';
import { AT, fetched, generatedFeeds, priorityOf, sourceOf } from './slice-fixtures.js';

const stores: Store[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

const paced = (over: Partial<Pace>): Pace => ({ placeMs: 0.5, minItems: 1, commitMs: 0, committed: 0, ...over });

/** The items a slice takes when storing each costs `storeMs` (what `more` sees after each one). */
function taken(pace: Pace, budgetMs: number, storeMs: number): number {
  let n = 1;
  while (takesMore(pace, budgetMs, n, n * storeMs)) n += 1;
  return n;
}

describe('the pace of a sliced commit', () => {
  it('counts what committing costs per stored item in the slice it sizes', () => {
    // Storing 0.5 ms, placing 0.5 ms, committing 1 ms an item: 8 items fill 16 ms.
    expect(taken(paced({ commitMs: 300, committed: 300 }), 16, 0.5)).toBe(8);
    // Committing for free, the same slice holds 16.
    expect(taken(paced({ commitMs: 0, committed: 300 }), 16, 0.5)).toBe(16);
  });

  it('does not grow a slice because its commit is expensive', () => {
    const cheap = taken(paced({ commitMs: 50, committed: 500 }), 16, 0.5);
    const dear = taken(paced({ commitMs: 2000, committed: 500 }), 16, 0.5);
    expect(dear).toBeLessThan(cheap);
    // 5 ms an item (0.5 storing, 0.5 placing, 4 committing): the item that crosses 16 ms is the last.
    expect(dear).toBe(4);
  });

  it('still stores as many items as the last placement replayed, whatever the budget', () => {
    expect(taken(paced({ commitMs: 5000, committed: 100, minItems: 12 }), 16, 0.5)).toBe(12);
  });

  it('takes half the budget in the first slice, before any pace is measured', () => {
    expect(taken(paced({ placeMs: -1 }), 16, 1)).toBe(8);
  });
});

describe('ordering a chunk for its commit', () => {
  it(`takes a turn after every ${ORDER_RUN} lookups`, async () => {
    const { store } = tempStore();
    stores.push(store);
    const { wire } = generatedFeeds(ORDER_RUN * 5 + 3, 0);
    let turns = 0;
    const lookups: number[] = [];
    let found = 0;
    const items = { findByIdentity: (...args: Parameters<Store['items']['findByIdentity']>) => (found += 1, store.items.findByIdentity(...args)) };
    const ordered = await orderForCommit(items, 'wire', wire, AT, async () => {
      turns += 1;
      lookups.push(found);
    });
    expect(ordered).toHaveLength(wire.length);
    expect(turns).toBe(5);
    expect(lookups).toEqual([1, 2, 3, 4, 5].map((k) => k * ORDER_RUN));
  });

  it('gives the turns of a whole refresh to the yield it is given, between lookups and between slices', async () => {
    const { store } = tempStore();
    stores.push(store);
    const source = sourceOf('wire', 'wire');
    store.sources.ensure(source.id, source.url);
    const { wire } = generatedFeeds(ORDER_RUN * 2 + 1, 0);
    let turns = 0;
    const result = await commitInSlices(store, source, wire, fetched(), priorityOf, DEDUP_DEFAULTS, { maxItems: 50, yieldTurn: async () => void (turns += 1) });
    expect(result.added).toBe(wire.length);
    // Two turns while ordering, one before each slice.
    expect(turns).toBe(2 + result.slices);
  });
});
