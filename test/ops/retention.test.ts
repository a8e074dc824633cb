import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { silentLogger } from '../../src/log/logger.js';
import { startMaintenance } from '../../src/service/maintenance.js';
import { tempStore } from '../helpers/temp-store.js';
import type { StoredItem } from '../../src/store/items-table.js';

const NOW = new Date('2026-06-01T00:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();

function item(id: string, sourceId: string, storyId: string, published: string): StoredItem {
  return {
    id, sourceId, identity: id, guid: id, url: null, title: `Title ${id}`, summary: null, contentHtml: null, contentText: `text ${id}`,
    author: null, published, updated: null, language: 'en', dateline: null, categories: [], enclosures: [],
    contentHash: `h-${id}`, revision: `r-${id}`, storyId, fetchedAt: published, changedAt: published, raw: null,
  };
}

describe('retention', () => {
  it('prunes old items but keeps the canonical version of a story still inside the curated window', () => {
    const { store } = tempStore();
    const config = configSchema.parse({ retention: { days: 30 }, sources: [{ id: 'w', url: 'https://e.org/f', kind: 'wire' }] });
    store.transaction(() => {
      store.stories.create('old-story', daysAgo(60));
      store.items.insert(item('old', 'w', 'old-story', daysAgo(60)));
      store.stories.setCanonical('old-story', 'old', daysAgo(60));
      // Canonical version is old, but a later version (a partner's) keeps the story in the window.
      store.stories.create('live-story', daysAgo(45));
      store.items.insert(item('canon', 'w', 'live-story', daysAgo(45)));
      store.items.insert(item('recent', 'p', 'live-story', daysAgo(1)));
      store.stories.setCanonical('live-story', 'canon', daysAgo(1));
      store.stories.create('new-story', daysAgo(2));
      store.items.insert(item('new', 'w', 'new-story', daysAgo(2)));
      store.stories.setCanonical('new-story', 'new', daysAgo(2));
    });
    const generation = store.meta.generation();
    const maintenance = startMaintenance(store, () => config, silentLogger(), { timers: false });
    expect(maintenance.runOnce(NOW)).toMatchObject({ items: 1, stories: 1 });
    expect(store.items.get('old')).toBeNull();
    expect(store.stories.get('old-story')).toBeNull();
    expect(store.items.get('canon')).not.toBeNull();
    expect(store.items.get('new')).not.toBeNull();
    expect(store.meta.generation()).toBeGreaterThan(generation);
    expect(maintenance.runOnce(NOW)).toMatchObject({ items: 0, stories: 0 });
    expect(store.sizeBytes()).toBeGreaterThan(0);
    store.close();
  });
});
