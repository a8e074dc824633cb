/**
 * The contract of curate's read port, run against each implementation over the same stored data
 * (the bundled samples, ingested once into SQLite; PostgreSQL gets a migrate-store copy of them):
 * the same answers, and the same curated feed bytes as the SQLite reference renders.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { LoadedConfig } from '../../src/config/load-config.js';
import type { CuratePort } from '../../src/curate/curate-port.js';
import { createFeedLoader } from '../../src/curate/feed-loader.js';
import { selectSearchFeed } from '../../src/curate/search-feed.js';
import { renderFeed } from '../../src/emit/render-feed.js';
import type { OutputFormat } from '../../src/model/curated.js';
import type { Store } from '../../src/store/open-store.js';

export interface ContractSubject {
  /** The implementation under test. */
  port: CuratePort;
  /** The SQLite store the data was ingested into: the reference answers. */
  reference: Store;
  loaded: LoadedConfig;
}

const NOW = new Date('2024-04-20T00:00:00Z');
const FORMATS: OutputFormat[] = ['rss', 'atom', 'json'];

export async function renderAll(loaded: LoadedConfig, port: CuratePort): Promise<Map<string, string>> {
  const load = createFeedLoader(() => loaded.config, port, () => NOW);
  const bodies = new Map<string, string>();
  for (const feed of loaded.config.feeds) {
    const curated = await load(feed.id);
    if (curated === null) throw new Error(`no feed ${feed.id}`);
    for (const format of FORMATS) bodies.set(`${feed.id}.${format}`, renderFeed(curated, format).body);
  }
  return bodies;
}

export function curatePortContract(backend: string, subject: () => Promise<ContractSubject>): void {
  describe(`curate port on ${backend}`, () => {
    let s: ContractSubject;
    beforeAll(async () => {
      s = await subject();
    });

    it('renders every curated feed to the very bytes the SQLite store gives', async () => {
      const expected = await renderAll(s.loaded, s.reference.curate);
      const actual = await renderAll(s.loaded, s.port);
      expect([...actual.keys()]).toEqual([...expected.keys()]);
      for (const [name, body] of expected) expect(actual.get(name), name).toBe(body);
      expect(actual.get('francais.rss')).toContain('Also reported by');
    });

    it('answers a full-text search with the same stories, newest first', async () => {
      const search = async (port: CuratePort, query: string) => (await selectSearchFeed({ query }, s.loaded.config, port, NOW)).entries.map((e) => e.item.id);
      for (const query of ['kenya', 'flood* OR inondation*', '"record rainfall"', 'title:dubai', 'dubai NOT water']) {
        const ids = await search(s.port, query);
        expect(ids, query).toEqual(await search(s.reference.curate, query));
      }
      expect((await search(s.port, 'kenya')).length).toBeGreaterThan(0);
    });

    it('reads candidates newest first, within the sources, the date bound and the limit', async () => {
      const all = await s.port.candidates({ sourceIds: [], since: null, limit: 10_000 });
      expect(all).toHaveLength(s.reference.items.count());
      const dates = all.map((i) => i.published ?? i.fetchedAt);
      expect(dates).toEqual([...dates].sort().reverse());
      const source = all[0]!.sourceId;
      const since = dates[Math.floor(dates.length / 2)]!;
      const some = await s.port.candidates({ sourceIds: [source], since, limit: 3 });
      expect(some.length).toBeGreaterThan(0);
      expect(some.length).toBeLessThanOrEqual(3);
      expect(some.every((i) => i.sourceId === source && (i.published ?? i.fetchedAt) >= since)).toBe(true);
      expect(some).toEqual(await s.reference.curate.candidates({ sourceIds: [source], since, limit: 3 }));
    });

    it('returns every version of the asked stories in one call, grouped and in version order', async () => {
      const all = await s.reference.curate.candidates({ sourceIds: [], since: null, limit: 10_000 });
      const storyIds = [...new Set(all.map((i) => i.storyId))];
      const versions = await s.port.versionsOf(storyIds);
      expect([...versions.values()].flat()).toHaveLength(all.length);
      for (const id of storyIds) expect(versions.get(id), id).toEqual(s.reference.items.byStory(id));
      expect([...versions.values()].some((v) => v.length > 1)).toBe(true);
      expect((await s.port.versionsOf(['no-such-story'])).size).toBe(0);
    });

    it('gives the sources\' own titles and links, and nothing for an unknown source', async () => {
      const ids = s.loaded.config.sources.map((c) => c.id);
      const facts = await s.port.sourceFacts([...ids, 'nobody']);
      expect(facts.has('nobody')).toBe(false);
      for (const id of ids) {
        const state = s.reference.sources.get(id);
        expect(facts.get(id), id).toEqual(state === null ? undefined : { feedTitle: state.feedTitle, feedLink: state.feedLink });
      }
      expect([...facts.values()].some((f) => f.feedTitle !== null)).toBe(true);
    });

    it('lists killed items of the asked sources only', async () => {
      const killed = await s.port.killedSince([], '2000-01-01T00:00:00Z', 10);
      expect(killed.map((i) => i.sourceId)).toEqual(['northwind-g2']);
      expect(await s.port.killedSince(['northwind-g2'], '2000-01-01T00:00:00Z', 10)).toEqual(killed);
      expect(await s.port.killedSince(['awp-fr'], '2000-01-01T00:00:00Z', 10)).toEqual([]);
      expect(await s.port.generation()).toBe(await s.reference.curate.generation());
    });
  });
}
