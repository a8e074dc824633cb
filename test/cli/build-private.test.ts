import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../src/cli/build.js';
import { parseConfigText, type LoadedConfig } from '../../src/config/load-config.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { silentLogger } from '../../src/log/logger.js';
import { openStore, type Store } from '../../src/store/open-store.js';

const ROOT = new URL('../../', import.meta.url).pathname;
let dir = '';
let loaded: LoadedConfig;
let store: Store;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wd-build-private-'));
  const config = JSON.parse(readFileSync(join(ROOT, 'feeds.config.json'), 'utf8')) as { database: string; feeds: Array<{ id: string; access?: string }> };
  config.database = join(dir, 'wd.db');
  for (const feed of config.feeds) if (feed.id === 'francais') feed.access = 'token';
  loaded = parseConfigText(JSON.stringify(config), join(ROOT, 'feeds.config.json'));
  store = openStore(config.database);
  await runIngest(loaded, store, silentLogger(), { all: true });
});
afterAll(() => store.close());

describe('build and private feeds', () => {
  it('writes only public feeds, and lists only them, unless --include-private', async () => {
    const out = join(dir, 'public');
    const written = await buildSite(loaded.config, store.curate, out);
    expect(written).toContain('world-wires.rss');
    expect(written.filter((f) => f.startsWith('francais.'))).toEqual([]);
    expect(existsSync(join(out, 'francais.rss'))).toBe(false);
    expect(readFileSync(join(out, 'feeds.opml'), 'utf8')).not.toContain('/feeds/francais.');

    const all = join(dir, 'all');
    expect(await buildSite(loaded.config, store.curate, all, { includePrivate: true })).toEqual(expect.arrayContaining(['francais.rss', 'francais.atom', 'francais.json']));
    const opml = readFileSync(join(all, 'feeds.opml'), 'utf8');
    expect(opml).toContain('/feeds/francais.rss"');
    expect(opml).not.toContain('token=');
  });
});
