import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { renderFeed } from '../../src/emit/render-feed.js';
import { createFeedCache } from '../../src/http/feed-cache.js';
import { inlineFeedSource, type FeedSource } from '../../src/http/feed-source.js';
import { createHttpServer } from '../../src/http/server.js';
import type { CuratedFeed } from '../../src/model/curated.js';
import { sampleFeed } from '../fixtures/emit/sample-feed.js';
import { close, listen, request } from './http-client.js';

/**
 * A real server over a cache whose feed source finishes a load only when the test opens its gate:
 * what a request gets while a render is pending is shown by order of events, never by timing.
 */
function setup() {
  const world = { feed: sampleFeed() as CuratedFeed, generation: 1, loads: 0, fail: false, gate: open() };
  const inner = inlineFeedSource(() => world.feed);
  const source: FeedSource = {
    async load(request) {
      world.loads += 1;
      const gate = world.gate;
      await gate.promise;
      if (world.fail) throw new Error('render failed');
      return inner.load(request);
    },
  };
  const cache = createFeedCache({ source, generation: () => world.generation });
  const server = createHttpServer({ cache, feedIds: () => ['une'], formatsOf: () => ['rss', 'atom', 'json'], health: () => ({ ok: true }) });
  return { world, cache, server };
}

function open(): { promise: Promise<void>; release(): void } {
  let release = () => undefined as void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  release();
  return { promise, release };
}

function closed(): { promise: Promise<void>; release(): void } {
  let release = () => undefined as void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

let server: Server | null = null;
afterEach(async () => {
  if (server) await close(server);
  server = null;
});

async function started(): Promise<ReturnType<typeof setup> & { get: (headers?: Record<string, string>) => ReturnType<typeof request> }> {
  const s = setup();
  server = s.server;
  const port = await listen(s.server);
  return { ...s, get: (headers = {}) => request(port, '/feeds/une.rss', { headers }) };
}

describe('the feed cache while a re-render is pending', () => {
  it('serves the previous bytes with their own ETag, then the new ones once rendered', async () => {
    const { world, cache, get } = await started();
    const first = await get();
    const before = { body: first.body, etag: first.headers['etag'] };
    world.feed = sampleFeed({ title: 'Édition du soir' });
    world.generation = 2;
    world.gate = closed();

    const during = await get();
    expect(world.loads).toBe(2); // the re-render was started by that request and is still pending
    expect(during.body.equals(before.body)).toBe(true);
    expect(during.headers['etag']).toBe(before.etag);
    expect((await get({ 'If-None-Match': before.etag ?? '' })).status).toBe(304);

    world.gate.release();
    await cache.get('une', 'rss');
    const after = await get({ 'If-None-Match': before.etag ?? '' });
    expect(after.status).toBe(200);
    expect(after.body.toString('utf8')).toBe(renderFeed(world.feed, 'rss').body);
    expect(after.headers['etag']).not.toBe(before.etag);
    expect((await get({ 'If-None-Match': after.headers['etag'] ?? '' })).status).toBe(304);
  });

  it('makes concurrent first requests wait for one shared render', async () => {
    const { world, get } = await started();
    world.gate = closed();
    const answers = [get(), get(), get()];
    await new Promise((resolve) => setImmediate(resolve));
    world.gate.release();
    const [a, b, c] = await Promise.all(answers);
    expect(world.loads).toBe(1);
    expect([a?.status, b?.status, c?.status]).toEqual([200, 200, 200]);
    expect(new Set([a?.headers['etag'], b?.headers['etag'], c?.headers['etag']]).size).toBe(1);
  });

  it('keeps the previous body in service after a failed re-render, and tries again at the next change', async () => {
    const { world, cache, get } = await started();
    const first = await get();
    world.fail = true;
    world.generation = 2;
    expect((await get()).headers['etag']).toBe(first.headers['etag']);
    await new Promise((resolve) => setImmediate(resolve)); // the failed load (all microtasks) has settled
    const loadsAfterFailure = world.loads;
    expect((await get()).headers['etag']).toBe(first.headers['etag']);
    expect(world.loads).toBe(loadsAfterFailure);

    world.fail = false;
    world.feed = sampleFeed({ title: 'Nouvelle édition' });
    world.generation = 3;
    await cache.get('une', 'rss');
    expect((await get()).body.toString('utf8')).toBe(renderFeed(world.feed, 'rss').body);
  });
});
