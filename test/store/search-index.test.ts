/** Upkeep of the full-text index: items written in a transaction are indexed when it commits, once. */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoredItem } from '../../src/store/items-table.js';
import type { Store } from '../../src/store/open-store.js';
import { normalized } from '../helpers/items.js';
import { tempStore } from '../helpers/temp-store.js';

let store: Store;
afterEach(() => store.close());

function stored(id: string, title: string, contentText: string): StoredItem {
  return { ...normalized({ guid: id, title, contentText }), id, sourceId: 'src', identity: `guid:${id}`, revision: `r-${title}-${contentText}`,
    contentHash: `h-${id}`, storyId: `st-${id}`, fetchedAt: '2024-04-17T00:00:00Z', changedAt: '2024-04-17T00:00:00Z', raw: null };
}

const hits = (match: string) => store.search.search({ match, sourceIds: [], since: null, limit: 10 }).map((i) => i.id).sort();

function insert(item: StoredItem): void {
  store.stories.create(item.storyId, item.fetchedAt);
  store.items.insert(item);
}

describe('the full-text index upkeep', () => {
  it('indexes the items a transaction inserted when it commits, and none of a rolled-back one', () => {
    ({ store } = tempStore());
    store.sources.ensure('src', 'file:///src');
    store.transaction(() => {
      insert(stored('c', 'Storm warning', 'Gales expected on the coast.'));
      insert(stored('dd', 'Ferry strike', 'Crews vote to strike.'));
    });
    expect(hits('gale*')).toEqual(['c']);
    expect(hits('title:ferry')).toEqual(['dd']);
    expect(() => store.transaction(() => {
      insert(stored('eee', 'Gale again', 'More gales.'));
      throw new Error('rollback');
    })).toThrow('rollback');
    expect(store.search.count()).toBe(2);
    expect(hits('gale*')).toEqual(['c']);
    // The next transaction does not index what the rolled-back one noted.
    store.transaction(() => insert(stored('f', 'Harbour plan', 'A new quay.')));
    expect(store.search.count()).toBe(3);
    expect(hits('gale*')).toEqual(['c']);
  });

  it('indexes a write outside any transaction at once', () => {
    ({ store } = tempStore());
    store.sources.ensure('src', 'file:///src');
    insert(stored('g', 'Drought', 'The reservoirs are low.'));
    expect(hits('reservoir*')).toEqual(['g']);
  });

  it('reindexes an update whose text changed (its trigger), and leaves an unchanged text alone', () => {
    const temp = tempStore();
    store = temp.store;
    store.sources.ensure('src', 'file:///src');
    store.transaction(() => insert(stored('h', 'Flood alert', 'The river rose overnight.')));
    store.transaction(() => store.items.update({ ...stored('h', 'Flood alert', 'The canal rose overnight.'), revision: 'r2' }));
    expect(hits('river')).toEqual([]);
    expect(hits('canal')).toEqual(['h']);
    const db = new Database(temp.path, { readonly: true });
    try {
      const segments = () => (db.prepare(`SELECT COUNT(*) AS n FROM items_fts_data`).get() as { n: number }).n;
      const before = segments();
      store.transaction(() => store.items.update({ ...stored('h', 'Flood alert', 'The canal rose overnight.'), revision: 'r3', author: 'Desk' }));
      expect(segments()).toBe(before);
      expect(hits('canal')).toEqual(['h']);
    } finally {
      db.close();
    }
  });

  it('drops a deleted item from the index', () => {
    const temp = tempStore();
    store = temp.store;
    store.sources.ensure('src', 'file:///src');
    store.transaction(() => insert(stored('k', 'Wildfire', 'Firefighters contained the blaze.')));
    const db = new Database(temp.path);
    try {
      db.prepare(`DELETE FROM items WHERE id = 'k'`).run();
    } finally {
      db.close();
    }
    expect(hits('blaze')).toEqual([]);
    expect(store.search.count()).toBe(0);
  });
});
