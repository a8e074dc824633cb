/**
 * The SQLite story index port keeps two shortcuts: which sentence hashes and source lines have a
 * row at all (a lookup of one without is no query), and which items a placement just emptied (their
 * rows are written back without a delete). Both must stay true across processes and rollbacks.
 * Its lookups read only rows of items placed before a key, and its reverse lookups the rows after.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/open-store.js';
import type { StoredItem } from '../../src/store/items-table.js';
import type { IndexRows } from '../../src/dedup/story-port.js';
import { tempStore } from '../helpers/temp-store.js';

const AT = Date.parse('2026-06-01T00:00:00Z') / 1000;
const stores: Store[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));

function rows(itemId: string, storyId: string, hash: number, lineKey: number, sortDate = new Date(AT * 1000).toISOString()): IndexRows {
  return { itemId, storyId, sourceId: 'w', at: Math.floor(Date.parse(sortDate) / 1000), sortDate, bandKeys: new Uint32Array(32).fill(hash), sentences: [{ hash, position: 0 }], lineKeys: [lineKey] };
}

function item(id: string): StoredItem {
  const at = new Date(AT * 1000).toISOString();
  return {
    id, sourceId: 'w', identity: id, guid: id, url: null, title: `Title ${id}`, summary: null, contentHtml: null, contentText: `text ${id}`,
    author: null, published: at, updated: null, language: 'en', dateline: null, categories: [], enclosures: [],
    contentHash: `h-${id}`, revision: `r-${id}`, storyId: `st-${id}`, fetchedAt: at, changedAt: at, raw: null,
  };
}

describe('the SQLite story index port', () => {
  it('finds the sentences and lines another process wrote after this one looked the same hash up and found none', () => {
    const { store: first, path } = tempStore();
    const second = openStore(path);
    stores.push(first, second);
    first.storyIndex.generation();
    expect(first.storyIndex.sentenceStories(77, AT - 10, AT + 10, 32)).toEqual([]);
    expect(first.storyIndex.lineStories('w', 99, AT - 10, AT + 10, 3)).toBe(0);

    second.transaction(() => {
      second.storyIndex.generation();
      second.storyIndex.putRows(rows('it-b', 'st-b', 77, 99));
      second.storyIndex.bumpGeneration();
    });

    first.storyIndex.generation();
    expect(first.storyIndex.sentenceStories(77, AT - 10, AT + 10, 32)).toEqual(['st-b']);
    expect(first.storyIndex.lineStories('w', 99, AT - 10, AT + 10, 3)).toBe(1);
  });

  it('finds the rows it wrote itself within the same placement', () => {
    const { store } = tempStore();
    stores.push(store);
    store.transaction(() => {
      store.storyIndex.generation();
      expect(store.storyIndex.sentenceStories(5, AT - 10, AT + 10, 32)).toEqual([]);
      store.storyIndex.putRows(rows('it-a', 'st-a', 5, 6));
      expect(store.storyIndex.sentenceStories(5, AT - 10, AT + 10, 32)).toEqual(['st-a']);
      expect(store.storyIndex.lineStories('w', 6, AT - 10, AT + 10, 3)).toBe(1);
    });
  });

  it('never doubles an item\'s rows when the placement that emptied them rolled back', () => {
    const { store } = tempStore();
    stores.push(store);
    store.transaction(() => {
      store.stories.create('st-x', new Date(AT * 1000).toISOString());
      store.items.insert({ ...item('x'), storyId: 'st-x' });
      store.storyIndex.putRows(rows('x', 'st-x', 11, 12));
    });
    expect(() => store.transaction(() => {
      store.storyIndex.generation();
      expect(store.storyIndex.deleteRowsFrom(null)).toEqual(['x']);
      throw new Error('rolled back');
    })).toThrow('rolled back');

    store.transaction(() => {
      store.storyIndex.generation();
      store.storyIndex.putRows(rows('x', 'st-x', 11, 12));
      store.storyIndex.bumpGeneration();
    });
    const stored = store.storyIndex.rowsOf('x');
    expect(stored.sentences).toEqual([{ hash: 11, position: 0 }]);
    expect(stored.lineKeys).toEqual([12]);
    expect(Array.from(stored.bandKeys ?? [])).toEqual(Array(32).fill(11));
  });

  it('writes back an emptied item\'s rows once, in the placement that emptied them', () => {
    const { store } = tempStore();
    stores.push(store);
    store.transaction(() => {
      store.stories.create('st-y', new Date(AT * 1000).toISOString());
      store.items.insert({ ...item('y'), storyId: 'st-y' });
      store.storyIndex.putRows(rows('y', 'st-y', 21, 22));
    });
    store.transaction(() => {
      store.storyIndex.generation();
      store.storyIndex.deleteRowsFrom({ sortDate: '2000-01-01T00:00:00Z', id: '' });
      store.storyIndex.putRows(rows('y', 'st-y', 23, 24));
      store.storyIndex.putRows(rows('y', 'st-y', 25, 26));
      store.storyIndex.bumpGeneration();
    });
    expect(store.storyIndex.rowsOf('y').sentences).toEqual([{ hash: 25, position: 0 }]);
    expect(store.storyIndex.rowsOf('y').lineKeys).toEqual([26]);
  });

  it('reads only the rows of items placed before a key, first seen in placement order, and finds the items after it', () => {
    const { store } = tempStore();
    stores.push(store);
    const at = (s: number) => new Date((AT + s) * 1000).toISOString();
    store.transaction(() => {
      // Written out of placement order: a later item's rows stay stored while an earlier one is placed again.
      store.storyIndex.putRows(rows('it-c', 'st-c', 31, 32, at(2)));
      store.storyIndex.putRows(rows('it-b', 'st-b', 31, 32, at(1)));
      store.storyIndex.putRows(rows('it-a2', 'st-a', 31, 32, at(1)));
      store.storyIndex.putRows(rows('it-a1', 'st-a', 31, 32, at(0)));
    });
    const key = (id: string, s: number) => ({ sortDate: at(s), id });
    const sentences = (before?: { sortDate: string; id: string }, limit = 32) => store.storyIndex.sentenceStories(31, AT - 10, AT + 10, limit, before);
    expect(sentences()).toEqual(['st-a', 'st-b', 'st-c']);
    expect(sentences(key('it-b', 1))).toEqual(['st-a']);
    expect(sentences(key('it-c', 1))).toEqual(['st-a', 'st-b']);
    expect(sentences(undefined, 2)).toEqual(['st-a', 'st-b']);
    expect(store.storyIndex.lineStories('w', 32, AT - 10, AT + 10, 5, key('it-b', 1))).toBe(1);
    expect(store.storyIndex.lineStories('w', 32, AT - 10, AT + 10, 5, key('it-c', 2))).toBe(2);
    const ids = (keys: Array<{ id: string }>) => keys.map((k) => k.id).sort();
    expect(ids(store.storyIndex.laterWithSentence(31, key('it-a2', 1)))).toEqual(['it-b', 'it-c']);
    expect(ids(store.storyIndex.laterWithLine('w', 32, key('it-a1', 0)))).toEqual(['it-a2', 'it-b', 'it-c']);
    expect(store.storyIndex.laterWithLine('other', 32, key('it-a1', 0))).toEqual([]);
  });
});
