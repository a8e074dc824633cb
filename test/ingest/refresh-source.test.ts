import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load-config.js';
import { readFeed } from '../../src/ingest/read-feed.js';
import { refreshSource, type RefreshContext } from '../../src/ingest/refresh-source.js';
import { silentLogger } from '../../src/log/logger.js';
import type { Store } from '../../src/store/open-store.js';
import { startFixtureServer, type FixtureServer } from '../fetch/fixture-server.js';
import { tempStore } from '../helpers/temp-store.js';

const SAMPLES = new URL('../../data/samples/', import.meta.url).pathname;
const FEEDS = ['wire-afp-like.rss', 'partner-gazette.atom', 'wire-en.rss', 'partner-json.json'];
const PRIORITY: Record<string, number> = { 'wire-afp-like.rss': 10, 'wire-en.rss': 8, 'partner-gazette.atom': 5, 'partner-json.json': 4 };

let server: FixtureServer;
const requests: string[] = [];

beforeAll(async () => {
  server = await startFixtureServer(Object.fromEntries(FEEDS.map((name) => [`/${name}`, (req, res) => {
    requests.push(req.url ?? '');
    res.writeHead(200).end(readFileSync(join(SAMPLES, name)));
  }])) as Parameters<typeof startFixtureServer>[0]);
});
afterAll(() => server.close());

function contextFor(dbPath: string, store: Store, extra: Partial<RefreshContext> = {}) {
  const sources = FEEDS.map((name) => ({ id: name.replace(/\W/g, '-'), url: server.url(`/${name}`), kind: name.startsWith('wire') ? 'wire' : 'partner', priority: PRIORITY[name] }));
  const { config } = parseConfigText(JSON.stringify({ database: dbPath, retention: { days: 36500 }, sources, feeds: [] }), '/tmp/feeds.config.json');
  const priorities = new Map(config.sources.map((s) => [s.id, s.priority]));
  const base = { config, store, log: silentLogger(), now: () => new Date('2024-04-18T00:00:00Z'), priorityOf: (id: string) => priorities.get(id) ?? 0, ...extra };
  return { sources: config.sources, ctx: (url: string): RefreshContext => ({ ...base, url }) };
}

function storedState(path: string): unknown {
  const db = new Database(path, { readonly: true });
  try {
    return {
      items: db.prepare('SELECT id, story_id, content_hash, title, content_text FROM items ORDER BY id').all(),
      stories: db.prepare('SELECT id, canonical_item_id FROM stories ORDER BY id').all(),
      versions: db.prepare('SELECT item_id, story_id, via, compared_item_id, jaccard, containment, chrome FROM story_versions ORDER BY item_id').all(),
    };
  } finally {
    db.close();
  }
}

describe('refreshing a source', () => {
  it('stores the same items, stories and canonicals whether the parse thread worked out story features or the commit did', async () => {
    const states = [];
    for (const withFeatures of [false, true]) {
      const { store, path } = tempStore();
      const read = withFeatures ? { read: (job: Parameters<typeof readFeed>[0]) => readFeed({ ...job, features: true }) } : {};
      const { sources, ctx } = contextFor(path, store, read);
      for (const source of sources) expect((await refreshSource(source, ctx(source.url))).status).toBe('updated');
      store.close();
      states.push(storedState(path));
    }
    const [without, withFeatures] = states as [{ stories: unknown[]; items: unknown[] }, unknown];
    expect(without.stories.length).toBeLessThan(without.items.length);
    expect(withFeatures).toEqual(without);
  });

  it('fetches only once it holds a document place, and gives the place back after the commit', async () => {
    const { store, path } = tempStore();
    const events: string[] = [];
    const holdDocument = async () => {
      events.push(`hold after ${requests.length} requests`);
      return () => void events.push(`release with ${store.items.count()} items stored`);
    };
    const { sources, ctx } = contextFor(path, store, { holdDocument });
    const source = sources[0];
    if (!source) throw new Error('no source');
    const before = requests.length;
    await refreshSource(source, ctx(source.url));
    expect(events[0]).toBe(`hold after ${before} requests`);
    expect(requests.length).toBe(before + 1);
    expect(events).toEqual([`hold after ${before} requests`, 'release with 12 items stored']);
    store.close();
  });
});
