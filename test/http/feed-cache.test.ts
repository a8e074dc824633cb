import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createFeedCache } from '../../src/http/feed-cache.js';
import type { FeedCacheDeps } from '../../src/http/feed-cache.js';
import type { CuratedFeed } from '../../src/model/curated.js';
import { sampleFeed } from '../fixtures/emit/sample-feed.js';

/** A cache over a mutable feed, with a clock the test moves. */
function setup(overrides: Partial<FeedCacheDeps> = {}) {
  const world = { feed: sampleFeed() as CuratedFeed | null, generation: 1, now: Date.parse('2024-04-17T20:30:00.250Z'), loads: [] as string[] };
  const cache = createFeedCache({
    loadFeed: async (id) => {
      world.loads.push(id);
      return id === 'une' ? world.feed : null;
    },
    generation: () => world.generation,
    now: () => world.now,
    ...overrides,
  });
  return { world, cache };
}

describe('createFeedCache', () => {
  it('renders each format once and serves later requests from memory', async () => {
    const { world, cache } = setup();
    const rss = await cache.get('une', 'rss');
    expect(await cache.get('une', 'rss')).toBe(rss);
    await cache.get('une', 'json');
    // A format asked for later selects the feed again (the source keeps no feed), and renders only that format.
    expect(cache.stats()).toEqual({ hits: 1, renders: 2, loads: 2, stale: 0 });
    expect(world.loads).toEqual(['une', 'une']);
  });

  it('stamps Last-Modified from the clock, at one-second precision', async () => {
    const { cache } = setup();
    expect((await cache.get('une', 'atom'))?.lastModified).toBe('Wed, 17 Apr 2024 20:30:00 GMT');
  });

  it('keeps the very same body when a new generation brings an identical feed', async () => {
    const { world, cache } = setup();
    const before = await cache.get('une', 'rss');
    world.generation = 2;
    world.feed = sampleFeed();
    world.now += 60_000;
    expect(await cache.get('une', 'rss')).toBe(before);
    expect(cache.stats()).toMatchObject({ renders: 1, loads: 2 });
  });

  it('keeps ETag and Last-Modified when a changed feed still renders to the same bytes', async () => {
    const { world, cache } = setup();
    const before = await cache.get('une', 'json');
    world.generation = 2;
    world.feed = sampleFeed();
    // fetchedAt is not shown when the item has a published date: the feed differs, the bytes do not.
    world.feed.entries[0]!.item.fetchedAt = '2024-04-18T00:00:00Z';
    world.now += 60_000;
    const after = await cache.get('une', 'json');
    expect(cache.stats().renders).toBe(2);
    expect(after?.signature).not.toBe(before?.signature);
    expect(after).toMatchObject({ etag: before?.etag, lastModified: before?.lastModified });
  });

  it('never gives two different bodies the same Last-Modified, even within one second', async () => {
    const { world, cache } = setup();
    const first = await cache.get('une', 'rss');
    world.generation = 2;
    world.feed = sampleFeed({ title: 'Autre titre' });
    const second = await cache.get('une', 'rss');
    expect(second?.etag).not.toBe(first?.etag);
    expect(Date.parse(second?.lastModified ?? '') - Date.parse(first?.lastModified ?? '')).toBe(1000);
  });

  it('returns null for a feed the loader does not know, and asks again next time', async () => {
    const { world, cache } = setup();
    expect(await cache.get('nope', 'rss')).toBeNull();
    expect(await cache.get('nope', 'rss')).toBeNull();
    expect(world.loads).toEqual(['nope', 'nope']);
  });

  it('drops everything on invalidate()', async () => {
    const { cache } = setup();
    const before = await cache.get('une', 'rss');
    cache.invalidate();
    const after = await cache.get('une', 'rss');
    expect(after).not.toBe(before);
    expect(after?.etag).toBe(before?.etag);
    expect(cache.stats()).toMatchObject({ renders: 2, loads: 2 });
  });

  it('precompresses once, and not at all for tiny bodies', async () => {
    const { cache } = setup();
    const body = await cache.get('une', 'atom');
    expect(gunzipSync(body?.gzip ?? Buffer.alloc(0)).equals(body?.body ?? Buffer.alloc(1))).toBe(true);
    const tiny = setup({ render: () => ({ body: '{}', contentType: 'application/feed+json; charset=utf-8' }) }).cache;
    expect((await tiny.get('une', 'json'))?.gzip).toBeNull();
  });
});

describe('createFeedCache with generationTtlMs', () => {
  it('asks the store for its generation at most once per TTL, then sees the change', async () => {
    let reads = 0;
    const { world, cache } = setup({ generationTtlMs: 1000, generation: () => { reads += 1; return world.generation; } });
    const first = await cache.get('une', 'rss');
    world.generation = 2;
    world.feed = sampleFeed({ title: 'Changed' });
    expect(await cache.get('une', 'rss')).toBe(first);
    expect(reads).toBe(1);
    world.now += 1000;
    expect((await cache.get('une', 'rss'))?.etag).not.toBe(first?.etag);
    expect(reads).toBe(2);
  });
});
