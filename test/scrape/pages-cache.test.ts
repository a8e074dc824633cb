import { describe, expect, it } from 'vitest';
import { tempStore } from '../helpers/temp-store.js';

describe('the pages cache table', () => {
  it('stores a page by URL, replaces it, touches it and prunes old ones', () => {
    const { store } = tempStore();
    const page = { url: 'https://a.example/1', etag: '"x"', lastModified: null, fetchedAt: '2024-04-17T10:00:00Z', contentHash: 'k:h1', itemKey: null, extracted: '{"title":"A"}' };
    store.pages.put(page);
    expect(store.pages.get(page.url)).toEqual(page);
    store.pages.put({ ...page, contentHash: 'k:h2', extracted: '{"title":"B"}' });
    expect(store.pages.get(page.url)?.extracted).toBe('{"title":"B"}');
    store.pages.touch(page.url, '2024-04-18T10:00:00Z', 'item-1');
    expect(store.pages.get(page.url)).toMatchObject({ fetchedAt: '2024-04-18T10:00:00Z', itemKey: 'item-1', contentHash: 'k:h2' });
    store.pages.put({ ...page, url: 'https://a.example/old', fetchedAt: '2024-01-01T00:00:00Z' });
    expect(store.pages.prune('2024-03-01T00:00:00Z')).toBe(1);
    expect(store.pages.get('https://a.example/old')).toBeNull();
    store.close();
  });
});
