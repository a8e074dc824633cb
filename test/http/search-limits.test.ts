/**
 * Searches cannot freeze the service: on a store of 20,000 items, costly query shapes are refused
 * with a reason before they run, while /healthz keeps answering; repeated searches come from a cache.
 */
import type { Server } from 'node:http';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load-config.js';
import { selectSearchFeed } from '../../src/curate/search-feed.js';
import { createFeedCache } from '../../src/http/feed-cache.js';
import { createSearchRoute } from '../../src/http/search-route.js';
import { createHttpServer } from '../../src/http/server.js';
import { openStore, type Store } from '../../src/store/open-store.js';
import { tempStore } from '../helpers/temp-store.js';
import { close, listen, request } from './http-client.js';

const ITEMS = 20_000;
let store: Store;
let server: Server;
let port = 0;
let searches = 0;
let generation = 1;

/** 20,000 items of word salad, written straight into a real store file (the FTS triggers index them). */
function fillStore(path: string): void {
  const db = new Database(path);
  let seed = 7;
  const rnd = (n: number) => Math.floor(((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * n);
  const syllables = ['ka', 'ro', 'mi', 'te', 'su', 'la', 'ne', 'po', 'ri', 'do', 'va', 'ze', 'mar', 'rel', 'kin', 'tor'];
  const vocab = Array.from({ length: 2000 }, () => Array.from({ length: 2 + rnd(3) }, () => syllables[rnd(syllables.length)]).join(''));
  const words = (k: number) => Array.from({ length: k }, () => vocab[rnd(vocab.length)]).join(' ');
  const story = db.prepare(`INSERT INTO stories (id, canonical_item_id, created_at, updated_at) VALUES (?, ?, '2024-04-17T00:00:00Z', '2024-04-17T00:00:00Z')`);
  const item = db.prepare(`INSERT INTO items (id, source_id, identity, title, content_text, content_hash, revision, story_id, fetched_at, changed_at, sort_date)
    VALUES (?, 'wire', ?, ?, ?, ?, 'r', ?, '2024-04-17T00:00:00Z', '2024-04-17T00:00:00Z', ?)`);
  db.transaction(() => {
    for (let i = 0; i < ITEMS; i += 1) {
      const [id, sid] = [`it_${i}`, `st_${i}`];
      story.run(sid, id);
      item.run(id, `g${i}`, words(6), words(30), `h${i}`, sid, new Date(Date.UTC(2024, 3, 17) - i * 60_000).toISOString());
    }
  })();
  db.close();
}

beforeAll(async () => {
  const { path } = tempStore();
  openStore(path).close();
  fillStore(path);
  store = openStore(path);
  const config = parseConfigText(JSON.stringify({ database: path, sources: [{ id: 'wire', url: 'https://wire.example/rss', kind: 'wire' }] }), '/tmp/c.json').config;
  const route = createSearchRoute({
    search: (query, limit) => {
      searches += 1;
      return selectSearchFeed({ query, ...(limit === undefined ? {} : { limit }) }, config, store.curate, new Date('2024-04-18T00:00:00Z'));
    },
    maxAgeSeconds: 60,
    inputs: () => [generation],
  });
  const cache = createFeedCache({ loadFeed: async () => null, generation: () => generation });
  server = createHttpServer({ cache, feedIds: () => [], formatsOf: () => [], health: () => ({ ok: true, items: store.items.count() }) }, [route]);
  port = await listen(server);
}, 120_000);
afterAll(async () => {
  await close(server);
  store.close();
});

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
});
