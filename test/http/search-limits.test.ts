/**
 * Searches cannot freeze the service: on a store of 20,000 items, costly query shapes are refused
 * with a reason before they run, while /healthz keeps answering; repeated searches come from a cache.
 */
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load-config.js';
import { selectSearchFeed } from '../../src/curate/search-feed.js';
import { createFeedCache } from '../../src/http/feed-cache.js';
import { createSearchRoute } from '../../src/http/search-route.js';
import { createHttpServer } from '../../src/http/server.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { fillWordSaladStore } from '../../bench/word-salad-store.js';
import { tempStore } from '../helpers/temp-store.js';
import { close, listen, request } from './http-client.js';

const ITEMS = 20_000;
let store: Store;
let server: Server;
let port = 0;
/** A second server on the same file whose searches get 1 ms (`server.searchTimeoutMs`). */
let tightStore: Store;
let tightServer: Server;
let tightPort = 0;
let searches = 0;
let generation = 1;

beforeAll(async () => {
  const { path } = tempStore();
  openStore(path).close();
  fillWordSaladStore(path, ITEMS);
  store = openStore(path);
  const config = parseConfigText(JSON.stringify({ database: path, sources: [{ id: 'wire', url: 'https://wire.example/rss', kind: 'wire' }] }), '/tmp/c.json').config;
  const route = createSearchRoute({
    search: (query, limit) => {
      searches += 1;
      return selectSearchFeed({ query, ...(limit === undefined ? {} : { limit }) }, config, store.curate, new Date('2024-04-18T00:00:00Z'), store.search.searchWithin);
    },
    maxAgeSeconds: 60,
    inputs: () => [generation],
  });
  const cache = createFeedCache({ loadFeed: async () => null, generation: () => generation });
  server = createHttpServer({ cache, feedIds: () => [], formatsOf: () => [], health: () => ({ ok: true, items: store.items.count() }) }, [route]);
  port = await listen(server);
  tightStore = openStore(path);
  const tight = parseConfigText(JSON.stringify({ database: path, server: { searchTimeoutMs: 1 }, sources: [{ id: 'wire', url: 'https://wire.example/rss', kind: 'wire' }] }), '/tmp/c.json').config;
  const tightRoute = createSearchRoute({ search: (query) => selectSearchFeed({ query }, tight, tightStore.curate, new Date('2024-04-18T00:00:00Z'), tightStore.search.searchWithin), maxAgeSeconds: 60, inputs: () => [generation] });
  tightServer = createHttpServer({ cache, feedIds: () => [], formatsOf: () => [], health: () => ({ ok: true, items: tightStore.items.count() }) }, [tightRoute]);
  tightPort = await listen(tightServer);
}, 120_000);
afterAll(async () => {
  await close(server);
  await close(tightServer);
  store.close();
  tightStore.close();
});

/** Eight 3-letter prefixes, each starting hundreds of words: the heaviest shape the caps let through. */
const HEAVY = 'kar* OR rom* OR mir* OR tes* OR sul* OR lan* OR nep* OR por*';

const NEAR_ATTACK = (() => {
  const terms: string[] = [];
  for (let i = 0; `NEAR(${[...terms, 'x*'].join(' ')}, 9)`.length <= 500; i += 1) terms.push(`${'krmtslnpdvzb'[i % 12]}*`);
  return `NEAR(${terms.join(' ')}, 9)`;
})();

describe('search on 20,000 items', () => {
  it('refuses the 500-character NEAR of one-letter prefixes with a 400 and its reason, while /healthz answers', async () => {
    expect(NEAR_ATTACK.length).toBeGreaterThan(480);
    const health = request(port, '/healthz');
    const attack = await request(port, `/search.rss?q=${encodeURIComponent(NEAR_ATTACK)}`);
    expect(attack.status).toBe(400);
    expect(attack.body.toString()).toMatch(/^curate: search query has \d+ prefix terms \(at most 8\)/);
    expect(JSON.parse((await health).body.toString())).toEqual({ ok: true, items: ITEMS });
    for (const [query, reason] of [['k* r*', /prefix term "k\*"/], ['NEAR(a b c d e f g h i, 5)', /NEAR group of 9 terms/], ['NEAR(a b) NEAR(c d) NEAR(e f)', /3 NEAR groups/]] as const) {
      const res = await request(port, `/search.json?q=${encodeURIComponent(query)}`);
      expect(res.status, query).toBe(400);
      expect(res.body.toString()).toMatch(reason);
    }
    expect(searches).toBe(4);
  });

  it('answers a repeated search from the cache until the store changes', async () => {
    const before = searches;
    const first = await request(port, '/search.json?q=kar*%20OR%20rom*&limit=10');
    expect(first.status).toBe(200);
    expect((JSON.parse(first.body.toString()) as { items: unknown[] }).items).toHaveLength(10);
    const again = await request(port, '/search.json?q=kar*%20OR%20rom*&limit=10');
    expect(again.body.equals(first.body)).toBe(true);
    expect(searches).toBe(before + 1);
    generation += 1;
    await request(port, '/search.json?q=kar*%20OR%20rom*&limit=10');
    expect(searches).toBe(before + 2);
  });

  it('keeps answering /healthz while a heavy search is matching on the search thread', async () => {
    expect((await request(port, '/search.json?q=kenya')).status).toBe(200);
    let searchDone = false;
    const search = request(port, `/search.json?q=${encodeURIComponent(HEAVY)}`).then((res) => {
      searchDone = true;
      return res;
    });
    const health = await request(port, '/healthz');
    expect(searchDone).toBe(false);
    expect(JSON.parse(health.body.toString())).toEqual({ ok: true, items: ITEMS });
    const result = await search;
    expect(result.status).toBe(200);
    expect((JSON.parse(result.body.toString()) as { items: unknown[] }).items).toHaveLength(50);
  });

  it('answers 503 with Retry-After and a reason when a search runs over its time budget, and never caches it', async () => {
    const res = await request(tightPort, `/search.rss?q=${encodeURIComponent(HEAVY)}`);
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.toString()).toMatch(/^search: stopped because (it took longer than 1 ms|a search over budget is still being stopped); retry in 5 s/);
    expect((await request(tightPort, '/healthz')).status).toBe(200);
    // The budget is per request: the same query on the server with the default budget is answered.
    expect((await request(port, `/search.rss?q=${encodeURIComponent(HEAVY)}`)).status).toBe(200);
  });
});
