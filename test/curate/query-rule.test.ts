import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load-config.js';
import type { Config, FeedConfig } from '../../src/config/schema.js';
import { selectSearchFeed, SEARCH_MAX_LIMIT } from '../../src/curate/search-feed.js';
import { selectFeed } from '../../src/curate/select-feed.js';
import { isWiredeskError } from '../../src/model/errors.js';
import type { Store } from '../../src/store/open-store.js';
import { validateSearchQuery } from '../../src/store/search-table.js';
import { ingestedSample } from '../e2e/sample-workspace.js';

let store: Store;
let config: Config;
let dbPath = '';
let dir = '';
const NOW = new Date('2024-04-19T00:00:00Z');

beforeAll(async () => {
  const sample = await ingestedSample();
  store = sample.store;
  config = sample.loaded.config;
  dbPath = sample.loaded.config.database;
  dir = sample.dir;
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

function feedWith(include: Partial<FeedConfig['include']>, over: Partial<FeedConfig> = {}): FeedConfig {
  return {
    id: 'q', title: 'Q', description: '', limit: 50, formats: ['rss'], access: 'public', webhooks: [],
    include: { sources: [], kinds: [], tags: [], languages: [], keywords: [], ...include },
    exclude: { sources: [], kinds: [], tags: [], languages: [], keywords: [] },
    ...over,
  };
}

const titles = async (feed: FeedConfig) => (await selectFeed(feed, { config, port: store.curate, baseUrl: 'http://127.0.0.1:8080', now: NOW })).entries.map((e) => e.item.title);

describe('the full-text query rule', () => {
  it('keeps only items whose title or body match, newest first', async () => {
    const { entries } = await selectFeed(feedWith({ query: 'coral' }), { config, port: store.curate, baseUrl: 'http://127.0.0.1:8080', now: NOW });
    expect(entries.length).toBeGreaterThan(1);
    expect(entries.every((e) => /coral/i.test(`${e.item.title} ${e.item.contentText}`))).toBe(true);
    expect(entries.some((e) => !/coral/i.test(e.item.title))).toBe(true);
    const dates = entries.map((e) => e.item.published ?? '');
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('ignores accents and case, and reads phrases, prefixes and column filters', async () => {
    expect(await titles(feedWith({ query: 'SECHERESSE' }))).toEqual(await titles(feedWith({ query: 'sécheresse' })));
    expect(await titles(feedWith({ query: 'sécheresse' }))).toHaveLength(1);
    expect((await titles(feedWith({ query: '"bleaching event"' }))).length).toBeGreaterThan(0);
    expect(await titles(feedWith({ query: 'title:orbis*' }))).toEqual(['Spatial : la start-up toulousaine Orbiscan lève 40 millions d’euros']);
  });

  it('combines with the other rules: language, sources, one entry per story', async () => {
    const english = await titles(feedWith({ query: 'Dubai', languages: ['en'] }));
    const all = await titles(feedWith({ query: 'Dubai' }));
    expect(english.length).toBeGreaterThan(0);
    expect(await titles(feedWith({ query: 'Dubai', languages: ['fr'] }))).toEqual([]);
    expect(await titles(feedWith({ query: 'Dubai', sources: ['harbour-courier'] }))).toEqual(['Dubai under water: desert city swamped by a year’s rain in a day']);
    expect(new Set(all).size).toBe(all.length);
  });

  it('applies NOT and OR as FTS5 defines them', async () => {
    const both = await titles(feedWith({ query: 'Kenya OR Karabakh' }));
    expect(both.length).toBe((await titles(feedWith({ query: 'Kenya' }))).length + (await titles(feedWith({ query: 'Karabakh' }))).length);
    expect((await titles(feedWith({ query: 'Kenya NOT pluies' }))).every((t) => !/pluies/.test(t))).toBe(true);
  });

  it('follows item updates and survives VACUUM renumbering the items table', async () => {
    const db = new Database(dbPath);
    try {
      const row = db.prepare(`SELECT id, title FROM items WHERE title LIKE 'Voile%'`).get() as { id: string; title: string };
      db.prepare(`UPDATE items SET title = 'Régate : un record battu', content_text = 'Un record' WHERE id = ?`).run(row.id);
      expect(await titles(feedWith({ query: 'Kervella' }))).toEqual([]);
      expect(await titles(feedWith({ query: 'regate' }))).toEqual(['Régate : un record battu']);
      // Delete an early row so VACUUM has rowids to renumber, then check the index still points right.
      db.prepare(`DELETE FROM items WHERE title LIKE 'Iran :%'`).run();
      db.exec('VACUUM');
      expect((await titles(feedWith({ query: 'sanctions' }))).some((t) => t.startsWith('Iran :'))).toBe(false);
      expect(await titles(feedWith({ query: 'regate' }))).toEqual(['Régate : un record battu']);
      expect(await titles(feedWith({ query: 'title:orbiscan' }))).toEqual(['Spatial : la start-up toulousaine Orbiscan lève 40 millions d’euros']);
    } finally {
      db.close();
    }
  });
});

describe('query validation', () => {
  it('accepts FTS5 syntax and explains what SQLite refuses', async () => {
    expect(validateSearchQuery('iran AND "g7 capri" OR sanc* NOT title:kenya')).toBeNull();
    expect(validateSearchQuery('AND')).toMatch(/syntax error/);
    expect(validateSearchQuery('author:smith')).toMatch(/no such column: author/);
    expect(validateSearchQuery('"open')).toMatch(/unterminated string/);
    expect(validateSearchQuery('x'.repeat(501))).toMatch(/longer than 500/);
  });

  it('rejects a curated feed with a bad query, naming the key path', async () => {
    const text = JSON.stringify({ sources: [{ id: 'a', url: 'https://e.example/a', kind: 'wire' }], feeds: [{ id: 'f', title: 'F', include: { query: 'sanctions AND' } }] });
    expect(() => parseConfigText(text, '/x/feeds.config.json')).toThrow(/feeds\[0\]\.include\.query: not a valid full-text query \(syntax error near the end at character 14\)/);
  });

  it('refuses a bad search with a 400-status CURATE_BAD_QUERY and bounds the limit', async () => {
    try {
      await selectSearchFeed({ query: 'OR OR' }, config, store.curate, NOW);
      expect.unreachable();
    } catch (err) {
      expect(isWiredeskError(err, 'CURATE_BAD_QUERY')).toBe(true);
      expect((err as { status?: number }).status).toBe(400);
    }
    const feed = await selectSearchFeed({ query: 'the', limit: 10_000 }, config, store.curate, NOW);
    expect(feed.entries.length).toBeLessThanOrEqual(SEARCH_MAX_LIMIT);
    expect(feed.selfPaths?.atom).toBe(`/search.atom?q=the&limit=${SEARCH_MAX_LIMIT}`);
  });
});
