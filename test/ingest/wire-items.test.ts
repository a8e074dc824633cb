/**
 * Wire sources end to end through a real local HTTP server and a real SQLite file: versions,
 * corrections, kills and embargoes, as the curated feeds show them and real clients read them.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText, type LoadedConfig } from '../../src/config/load-config.js';
import { createFeedLoader } from '../../src/curate/feed-loader.js';
import { selectSearchFeed } from '../../src/curate/search-feed.js';
import { TOMBSTONE_HOURS } from '../../src/curate/wire-rules.js';
import { renderFeed } from '../../src/emit/render-feed.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { silentLogger } from '../../src/log/logger.js';
import type { OutputFormat } from '../../src/model/curated.js';
import type { Store } from '../../src/store/open-store.js';
import { checkAtom } from '../e2e/atom-rules.js';
import { startFixtureServer, type FixtureServer } from '../fetch/fixture-server.js';
import { HAS_FEEDPARSER, HAS_XMLLINT, PYTHON, XMLLINT, skipNote } from '../helpers/clients.js';
import { tempStore } from '../helpers/temp-store.js';

const WIRE = join(import.meta.dirname, '../fixtures/wire');
const FEEDPARSER_VIEW = join(import.meta.dirname, '../fixtures/emit/feedparser-view.py');
const fixture = (name: string) => readFileSync(join(WIRE, name));
const DAM = 'urn:newsml:wirebureau.example:20240502:dam-breach';
const BEFORE_EMBARGO = new Date('2024-05-02T11:59:00Z');
const AFTER_EMBARGO = new Date('2024-05-02T12:00:01Z');
/** After every fixture's embargo (NITF date.release is May 3). */
const LATER = new Date('2024-05-04T00:00:00Z');

let server: FixtureServer;
const bodies: Record<string, Buffer> = {};

beforeAll(async () => {
  const route = (path: string) => (_req: unknown, res: import('node:http').ServerResponse) =>
    void res.writeHead(200, { 'content-type': 'application/xml' }).end(bodies[path] ?? Buffer.alloc(0));
  server = await startFixtureServer({ '/g2.xml': route('/g2.xml'), '/nitf.xml': route('/nitf.xml'), '/embargo.xml': route('/embargo.xml') });
});
afterAll(() => server.close());

function configFor(dbPath: string): LoadedConfig {
  return parseConfigText(JSON.stringify({
    database: dbPath,
    server: { baseUrl: 'http://127.0.0.1:8080' },
    // The fixtures are dated May 2024: keep them inside the retention window whatever today is.
    retention: { days: 36500 },
    sources: [
      { id: 'wbx', url: server.url('/g2.xml'), kind: 'wire', type: 'newsml', title: 'Wire Bureau', priority: 10 },
      { id: 'nord', url: server.url('/nitf.xml'), kind: 'wire', type: 'nitf', title: 'Nordwire' },
      { id: 'budget', url: server.url('/embargo.xml'), kind: 'wire', title: 'Budget desk' },
    ],
    feeds: [
      { id: 'flash', title: 'Flashes', include: { maxUrgency: 2 } },
      { id: 'corrections', title: 'Corrections', include: { signals: ['correction'] } },
      { id: 'wires', title: 'All wires', include: { kinds: ['wire'] } },
    ],
  }), '/tmp/feeds.config.json');
}

/** Serves these fixtures (the other routes answer an empty body) and ingests every source once. */
async function ingest(loaded: LoadedConfig, store: Store, served: Record<string, string>): Promise<void> {
  for (const path of Object.keys(bodies)) delete bodies[path];
  for (const [path, name] of Object.entries(served)) bodies[path] = fixture(name);
  await runIngest(loaded, store, silentLogger(), { all: true });
}

async function render(loaded: LoadedConfig, store: Store, id: string, format: OutputFormat, now = LATER): Promise<string> {
  const feed = await createFeedLoader(() => loaded.config, store.curate, () => now)(id);
  if (!feed) throw new Error(`no feed ${id}`);
  return renderFeed(feed, format).body;
}

const titlesOf = (json: string) => (JSON.parse(json) as { items: Array<{ title: string }> }).items.map((i) => i.title);

describe('wire versions through HTTP and SQLite', () => {
  it('stores a higher version of the same agency item in place and ignores a lower one arriving later', async () => {
    const { store, path } = tempStore();
    const loaded = configFor(path);
    await ingest(loaded, store, { '/g2.xml': 'newsml-item-v1.xml' });
    const first = store.items.candidates({ sourceIds: ['wbx'], since: null, limit: 10 });
    await ingest(loaded, store, { '/g2.xml': 'newsml-item-v2.xml' });
    await ingest(loaded, store, { '/g2.xml': 'newsml-item-v1-late.xml' });
    const items = store.items.candidates({ sourceIds: ['wbx'], since: null, limit: 10 });
    expect(items).toHaveLength(1);
    expect(items[0]?.id).toBe(first[0]?.id);
    expect(items[0]).toMatchObject({ guid: DAM, title: 'Dam breach floods villages, hundreds evacuated', updated: '2024-05-02T10:40:00Z' });
    expect(items[0]?.editorial).toMatchObject({ version: 2, signals: ['update'] });
    expect(titlesOf(await render(loaded, store, 'flash', 'json'))).toEqual(['Dam breach floods villages, hundreds evacuated']);
    store.close();
  });

  it('keeps the newest version when one message carries the kill before the story', async () => {
    const { store, path } = tempStore();
    const loaded = configFor(path);
    const kill = fixture('newsml-item-kill.xml').toString('utf8').replace(/^<\?xml[^>]*>/, '');
    const story = fixture('newsml-item-v1.xml').toString('utf8').replace(/^<\?xml[^>]*>/, '');
    bodies['/g2.xml'] = Buffer.from(`<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet>${kill}${story}</itemSet></newsMessage>`);
    await runIngest(loaded, store, silentLogger(), { all: true });
    const items = store.items.candidates({ sourceIds: ['wbx'], since: null, limit: 10 });
    expect(items.map((i) => i.editorial?.pubStatus)).toEqual(['canceled']);
    store.close();
  });
});

describe('kills', () => {
  it('removes a killed item from every curated feed, logs it once and leaves an Atom tombstone', async () => {
    const { store, path } = tempStore();
    const loaded = configFor(path);
    await ingest(loaded, store, { '/g2.xml': 'newsml-item-v1.xml', '/nitf.xml': 'nitf-story.xml' });
    expect(titlesOf(await render(loaded, store, 'wires', 'json'))).toEqual(['Rail strike halts trains across the north', 'Dam breach floods villages in northern province']);
    await ingest(loaded, store, { '/g2.xml': 'newsml-item-kill.xml', '/nitf.xml': 'nitf-kill.xml' });
    await ingest(loaded, store, { '/g2.xml': 'newsml-item-kill.xml', '/nitf.xml': 'nitf-kill.xml' });
    for (const id of ['wires', 'flash']) expect(titlesOf(await render(loaded, store, id, 'json'))).toEqual([]);
    expect(await render(loaded, store, 'wires', 'rss')).not.toContain('Dam breach');
    const atom = await render(loaded, store, 'wires', 'atom');
    expect(atom).toContain('xmlns:at="http://purl.org/atompub/tombstones/1.0"');
    expect(atom).toContain(`<at:deleted-entry ref="${DAM}" when="`);
    expect(atom).toContain('<at:comment>KILL: this story is withdrawn; the dam named did not breach. Do not use.</at:comment>');
    expect(atom).toContain('<at:deleted-entry ref="urn:wiredesk:item:');
    const kills = store.wire.recentEvents(10).filter((e) => e.kind === 'killed');
    expect(kills.map((k) => k.sourceId).sort()).toEqual(['nord', 'wbx']);
    // Tombstones last TOMBSTONE_HOURS after the kill arrived (the real clock of the ingest).
    expect(await render(loaded, store, 'wires', 'atom', new Date(Date.now() + (TOMBSTONE_HOURS + 1) * 3600_000))).not.toContain('deleted-entry');
    store.close();
  });

  it('stores why a package reference or an item failed, as a wire event', async () => {
    const { store, path } = tempStore();
    const loaded = configFor(path);
    await ingest(loaded, store, { '/g2.xml': 'newsml-message.xml' });
    expect(store.items.count()).toBe(3);
    const rejected = store.wire.recentEvents(10).filter((e) => e.kind === 'rejected').map((e) => e.message);
    expect(rejected).toContain('parse: package tag:wirebureau.example,2024:pkg-top refers to item tag:wirebureau.example,2024:never-sent-photo, which was never sent in this document; that reference is skipped');
    store.close();
  });
});

describe('embargoes, urgency and corrections in curated feeds', () => {
  it('shows an embargoed item in no feed and no search before its time, and everywhere after', async () => {
    const { store, path } = tempStore();
    const loaded = configFor(path);
    await ingest(loaded, store, { '/embargo.xml': 'newsml-embargo.xml' });
    expect(titlesOf(await render(loaded, store, 'wires', 'json', BEFORE_EMBARGO))).toEqual([]);
    const search = async (now: Date) => (await selectSearchFeed({ query: 'fuel' }, loaded.config, store.curate, now)).entries.length;
    expect(await search(BEFORE_EMBARGO)).toBe(0);
    expect(titlesOf(await render(loaded, store, 'wires', 'json', AFTER_EMBARGO))).toEqual(['Government to cut fuel duty in spring budget']);
    expect(await search(AFTER_EMBARGO)).toBe(1);
    expect(store.wire.nextEmbargo(BEFORE_EMBARGO.toISOString())).toBe('2024-05-02T12:00:00Z');
    expect(store.wire.nextEmbargo(AFTER_EMBARGO.toISOString())).toBeNull();
    store.close();
  });

  it('keeps a flash feed to urgency 1-2 and a corrections feed to the correction signal', async () => {
    const { store, path } = tempStore();
    const loaded = configFor(path);
    await ingest(loaded, store, { '/g2.xml': 'newsml-message.xml' });
    expect(titlesOf(await render(loaded, store, 'flash', 'json'))).toEqual(['Strong earthquake shakes central Chile coast']);
    expect(titlesOf(await render(loaded, store, 'corrections', 'json'))).toEqual(['Correction: Dock workers extend strike at Baltic port']);
    store.close();
  });

  it('marks the correction and the wire metadata in every format', async () => {
    const { store, path } = tempStore();
    const loaded = configFor(path);
    await ingest(loaded, store, { '/g2.xml': 'newsml-message.xml' });
    const rss = await render(loaded, store, 'corrections', 'rss');
    expect(rss).toContain('xmlns:wd="urn:wiredesk:ns:wire:1.0"');
    expect(rss).toContain('<title><![CDATA[Correction: Dock workers extend strike at Baltic port]]></title>');
    expect(rss).toContain('<category>correction</category>');
    expect(rss).toContain('<wd:signal>correction</wd:signal>');
    expect(rss).toContain('<wd:urgency>4</wd:urgency>');
    const atom = await render(loaded, store, 'corrections', 'atom');
    expect(atom).toContain('<title type="text">Correction: Dock workers extend strike at Baltic port</title>');
    expect(atom).toContain('<category term="correction"/>');
    expect(atom).toContain('<wd:agencyItem id="tag:wirebureau.example,2024:port-strike" version="3"/>');
    const json = JSON.parse(await render(loaded, store, 'corrections', 'json')) as { items: Array<{ tags: string[]; _wiredesk: { wire: Record<string, unknown> } }> };
    expect(json.items[0]?.tags).toContain('correction');
    expect(json.items[0]?._wiredesk.wire).toMatchObject({ correction: true, urgency: 4, version: 3, pub_status: 'usable', signals: ['correction'] });
    store.close();
  });
});

describe(`wire outputs read by real clients${skipNote(HAS_XMLLINT && HAS_FEEDPARSER, 'xmllint or python3-feedparser')}`, () => {
  it.skipIf(!HAS_XMLLINT || !HAS_FEEDPARSER)('stay well-formed for xmllint, RFC 4287-clean and bozo-free for feedparser, tombstones included', async () => {
    const { store, path, dir } = tempStore();
    const loaded = configFor(path);
    await ingest(loaded, store, { '/g2.xml': 'newsml-message.xml', '/nitf.xml': 'nitf-story.xml' });
    await ingest(loaded, store, { '/nitf.xml': 'nitf-kill.xml' });
    for (const format of ['rss', 'atom'] as const) {
      const file = join(dir, `wires.${format}`);
      const body = await render(loaded, store, 'wires', format);
      writeFileSync(file, body);
      execFileSync(XMLLINT, ['--noout', '--nonet', file]);
      const view = JSON.parse(execFileSync(PYTHON, [FEEDPARSER_VIEW, file], { encoding: 'utf8' })) as { bozo: boolean; entries: Array<{ title: string }> };
      expect(view.bozo, format).toBe(false);
      expect(view.entries.map((e) => e.title)).toContain('Correction: Dock workers extend strike at Baltic port');
      if (format === 'atom') {
        expect(body).toContain('<at:deleted-entry');
        expect(checkAtom(body)).toEqual([]);
      }
    }
    store.close();
  });
});
