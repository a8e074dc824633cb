/** Our feeds as real clients see them: Debian's feedparser and newsboat (served over real HTTP). */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderFeed } from '../../src/emit/render-feed.js';
import { createFeedCache } from '../../src/http/feed-cache.js';
import { createHttpServer } from '../../src/http/server.js';
import type { CuratedFeed } from '../../src/model/curated.js';
import { close, listen } from '../http/http-client.js';
import { RAW_TITLES, sampleFeed } from '../fixtures/emit/sample-feed.js';
import { HAS_FEEDPARSER, HAS_NEWSBOAT, NEWSBOAT, PYTHON } from '../helpers/clients.js';

const FEEDPARSER_VIEW = join(import.meta.dirname, '../fixtures/emit/feedparser-view.py');

const TITLES = RAW_TITLES.map((title) => title.replace('\u0007', ''));
const LINKS = ['https://www.lagazette.example/articles/greve-sncf', 'https://wire.example.com/story?id=42&lang=en', null, 'https://wire.example.com/story?id=43'];
const IDS = ['https://www.lagazette.example/articles/greve-sncf', 'urn:wiredesk:item:it-rates', 'urn:wiredesk:item:it-elections', 'tag:wire.example.com,2024:storm'];

interface FeedparserView {
  bozo: boolean;
  bozo_exception: string | null;
  version: string;
  feed: { title: string; link: string; language: string | null };
  entries: Array<{
    title: string; link: string | null; id: string; updated: string | null; author: string | null; tags: string[];
    enclosures: Array<{ href: string; type: string; length: string | null }>; content: string[]; source: { title: string | null };
  }>;
}

let workDir = '';
beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'wiredesk-emit-'));
});
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function viewWithFeedparser(body: string, name: string): FeedparserView {
  const file = join(workDir, name);
  writeFileSync(file, body);
  return JSON.parse(execFileSync(PYTHON, [FEEDPARSER_VIEW, file], { encoding: 'utf8', timeout: 20_000 })) as FeedparserView;
}

const FEEDPARSER_SUITE = `feedparser (Debian python3-feedparser) reading our feeds${HAS_FEEDPARSER ? '' : ' [SKIPPED: /usr/bin/python3 with feedparser is not installed]'}`;
describe.skipIf(!HAS_FEEDPARSER)(FEEDPARSER_SUITE, () => {
  for (const format of ['rss', 'atom'] as const) {
    it(`reads the ${format} feed without error, with the input's titles, links, ids and enclosure`, () => {
      const view = viewWithFeedparser(renderFeed(sampleFeed(), format).body, `une.${format}`);
      expect(view.bozo_exception).toBeNull();
      expect(view.bozo).toBe(false);
      expect(view.version).toBe(format === 'rss' ? 'rss20' : 'atom10');
      expect(view.feed).toMatchObject({ title: 'À la une & ailleurs', link: 'http://127.0.0.1:8080/', language: 'fr' });
      expect(view.entries).toHaveLength(4);
      expect(view.entries.map((e) => e.title)).toEqual(TITLES);
      expect(view.entries.map((e) => e.id)).toEqual(IDS);
      // feedparser shows an Atom entry's id as its link when it has none; never a relative URL.
      expect(view.entries.map((e) => (e.link === IDS[2] ? null : e.link))).toEqual(LINKS);
      expect(view.entries.map((e) => e.updated !== null)).toEqual([true, true, true, true]);
      expect(view.entries[0]?.enclosures).toEqual([{ href: 'https://cdn.lagazette.example/audio/greve.mp3', type: 'audio/mpeg', length: '123456' }]);
      expect(view.entries[0]).toMatchObject({ author: 'Marie Dupont', tags: ['Social', 'Transports'], source: { title: 'La Gazette' } });
      expect(view.entries[1]?.tags).toEqual(['Economy', 'R&D <lab>']);
    });
  }

  it('never hands feedparser a javascript: id, which it would show as the link of an entry without URL', () => {
    const feed = sampleFeed();
    const hostile = ['javascript:alert(1)', 'JavaScript:alert(document.cookie)', 'data:text/html,<script>x</script>', 'vbscript:msgbox'];
    feed.entries.forEach((entry, i) => {
      entry.item.guid = hostile[i] ?? null;
      entry.item.url = null;
    });
    for (const format of ['rss', 'atom'] as const) {
      const view = viewWithFeedparser(renderFeed(feed, format).body, `hostile-ids.${format}`);
      expect(view.entries).toHaveLength(4);
      for (const entry of view.entries) {
        expect(entry.id).toMatch(/^urn:wiredesk:item:/);
        expect(entry.link ?? '').not.toMatch(/^(javascript|data|vbscript):/i);
      }
    }
    const json = JSON.parse(renderFeed(feed, 'json').body) as { items: Array<{ id: string }> };
    expect(json.items.map((i) => i.id.startsWith('urn:wiredesk:item:'))).toEqual([true, true, true, true]);
  });

  it('gets the content back intact, "]]>" included', () => {
    const feed = sampleFeed();
    const atom = viewWithFeedparser(renderFeed(feed, 'atom').body, 'content.atom');
    expect(atom.entries[0]?.content).toEqual([feed.entries[0]?.item.contentHtml]);
    const rss = viewWithFeedparser(renderFeed(feed, 'rss').body, 'content.rss');
    expect(rss.entries[0]?.content[0]).toMatch(/^<p>Paris \/ La Gazette\. .* et le texte \]\]> puis encore \]\]> fin\.<\/p>\n<p>Also reported by: /);
  });
});

// newsboat 2.21 has no JSON Feed support ("XML root node is NULL"), so only RSS and Atom go through it.
const NEWSBOAT_SUITE = `newsboat reloading our feeds over HTTP${HAS_NEWSBOAT ? '' : ' [SKIPPED: /usr/bin/newsboat is not installed]'}`;
describe.skipIf(!HAS_NEWSBOAT)(NEWSBOAT_SUITE, () => {
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    let feed: CuratedFeed | null = null;
    const cache = createFeedCache({ loadFeed: async (id) => (id === 'une' ? feed : null), generation: () => 1 });
    server = createHttpServer({ cache, feedIds: () => ['une'], formatsOf: () => ['rss', 'atom', 'json'], health: () => ({ ok: true }) });
    port = await listen(server);
    feed = sampleFeed({ baseUrl: `http://127.0.0.1:${port}` });
  });
  afterAll(() => close(server));

  async function reload(format: 'rss' | 'atom'): Promise<Array<{ title: string; url: string; guid: string; author: string; enclosure_type: string }>> {
    const dir = mkdtempSync(join(workDir, `newsboat-${format}-`));
    writeFileSync(join(dir, 'urls'), `http://127.0.0.1:${port}/feeds/une.${format}\n`);
    const env = { ...process.env, HOME: dir, XDG_CONFIG_HOME: dir, XDG_DATA_HOME: dir };
    const args = ['-u', 'urls', '-c', 'cache.db', '-C', '/dev/null'];
    // Async on purpose: the server answering newsboat runs in this very process.
    await promisify(execFile)(NEWSBOAT, ['-x', 'reload', ...args], { cwd: dir, env, timeout: 20_000 });
    const { stdout } = await promisify(execFile)(NEWSBOAT, ['-x', 'print-unread', ...args], { cwd: dir, env, timeout: 20_000 });
    expect(stdout.trim()).toBe('4 unread articles');
    const db = new Database(join(dir, 'cache.db'), { readonly: true });
    try {
      return db.prepare('SELECT title, url, guid, author, enclosure_type FROM rss_item ORDER BY pubDate DESC').all() as never;
    } finally {
      db.close();
    }
  }

  for (const format of ['rss', 'atom'] as const) {
    it(`stores the four ${format} entries with their titles, links, guids and enclosure type`, async () => {
      const items = await reload(format);
      expect(items.map((i) => i.title)).toEqual(TITLES);
      expect(items.map((i) => i.url || null)).toEqual(LINKS);
      expect(items.map((i) => i.guid)).toEqual(IDS);
      expect(items[0]).toMatchObject({ author: 'Marie Dupont', enclosure_type: 'audio/mpeg' });
    });
  }
});
