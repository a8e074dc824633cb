/**
 * `type: "html"` sources and `fullText` feeds end to end: a real HTTP server plays the partner
 * site, a real SQLite file holds items and the pages cache, and the requests it sees are counted.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerResponse, IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText, type LoadedConfig } from '../../src/config/load-config.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { silentLogger } from '../../src/log/logger.js';
import type { Store } from '../../src/store/open-store.js';
import { startFixtureServer, type FixtureServer } from '../fetch/fixture-server.js';
import { tempStore } from '../helpers/temp-store.js';

const PAGES = new URL('../../data/samples/pages/', import.meta.url).pathname;
const page = (name: string): string => readFileSync(join(PAGES, name), 'utf8');
const LISTING = page('actualites.html');
const EXTRA_LINK = '<article class="teaser"><h2><a href="extra.html">Un quatrième article ajouté à la une</a></h2></article>';
const SCRAPE = {
  links: 'article h2 a', title: 'h1', date: '.date', dateFormat: 'd MMMM yyyy HH:mm', locale: 'fr',
  dateline: '.dateline', author: '.author', body: '.article-body', remove: ['.loading', '.voir-plus', 'aside', '.share'],
};

let server: FixtureServer;
let listing = LISTING;

/** Answers with an ETag and honours If-None-Match, like a well-behaved CMS. */
function withEtag(body: () => string, type = 'text/html; charset=utf-8') {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const text = body();
    const etag = `"${text.length}"`;
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
    res.writeHead(200, { 'content-type': type, etag }).end(text);
  };
}

const NO_DATE_PAGE = `<html lang="fr"><body><h1>Un article sans date</h1><div class="article-body">
<p>Ce paragraphe est assez long pour constituer le corps d'un article, mais la page ne dit jamais quand il a été publié.</p>
<p>Un second paragraphe, tout aussi long, pour que l'extraction du corps ne soit pas en cause dans ce test précis.</p></div></body></html>`;

const SUMMARY_FEED = `<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette (résumés)</title><link>/</link>
<item><title>Marseille : la flamme olympique arrivera au Vieux-Port le 8 mai</title><link>/news/marseille-flamme-olympique.html</link>
<guid>m-1</guid><pubDate>Wed, 17 Apr 2024 09:45:00 GMT</pubDate><description>150 000 personnes attendues pour l'arrivée du Belem.</description></item>
<item><title>Grève à la SNCF en Occitanie</title><link>/news/greve-sncf-ter-occitanie.html</link>
<guid>g-1</guid><pubDate>Tue, 16 Apr 2024 16:30:00 GMT</pubDate><description>Un train sur trois en moyenne jeudi.</description></item>
<item><title>Un article disparu</title><link>/news/gone.html</link>
<guid>x-1</guid><pubDate>Tue, 16 Apr 2024 10:00:00 GMT</pubDate><description>Ce résumé reste le seul texte de l'article.</description></item>
</channel></rss>`;

beforeAll(async () => {
  server = await startFixtureServer({
    '/news/': withEtag(() => listing),
    '/news/russie-retrait-karabakh.html': withEtag(() => page('russie-retrait-karabakh.html')),
    '/news/marseille-flamme-olympique.html': withEtag(() => page('marseille-flamme-olympique.html')),
    '/news/greve-sncf-ter-occitanie.html': withEtag(() => page('greve-sncf-ter-occitanie.html')),
    '/news/extra.html': withEtag(() => page('greve-sncf-ter-occitanie.html').replace(/GRÈVE À LA SNCF/g, 'NOUVELLE GRÈVE À LA SNCF').replace('greve-sncf-ter-occitanie-jeudi', 'nouvelle-greve')),
    '/nodate/': withEtag(() => '<html><body><article><h2><a href="a.html">Premier article sans date du tout</a></h2></article><article><h2><a href="b.html">Second article sans date du tout</a></h2></article></body></html>'),
    '/nodate/a.html': withEtag(() => NO_DATE_PAGE),
    '/nodate/b.html': withEtag(() => NO_DATE_PAGE.replace('sans date', 'toujours sans date')),
    '/summaries.rss': (_req, res) => void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(SUMMARY_FEED),
  });
});
afterAll(() => server.close());

function configFor(dbPath: string, sources: object[]): LoadedConfig {
  return parseConfigText(JSON.stringify({ database: dbPath, retention: { days: 36500 }, sources, feeds: [] }), '/tmp/feeds.config.json');
}

const htmlSource = (scrape: object = SCRAPE) => ({
  id: 'gazette-web', url: server.url('/news/'), kind: 'partner', type: 'html', language: 'fr', timezone: 'Europe/Paris', titleCase: 'sentence', scrape,
});
const requestsTo = (prefix: string): number => server.requests.filter((r) => r.path.startsWith(prefix)).length;
const items = (store: Store, sourceId: string) => store.items.candidates({ sourceIds: [sourceId], since: null, limit: 100 });

describe('a type "html" source', () => {
  it('stores one item per linked article, read with the configured selectors', async () => {
    listing = LISTING;
    const { store, path } = tempStore();
    await runIngest(configFor(path, [htmlSource()]), store, silentLogger(), { all: true });
    const stored = items(store, 'gazette-web');
    expect(stored).toHaveLength(3);
    const seed = stored.find((i) => i.title.startsWith('La Russie'));
    expect(seed).toMatchObject({
      title: "La Russie commence à retirer ses forces de maintien de la paix du Karabakh d'Azerbaïdjan",
      published: '2024-04-17T19:02:00Z', dateline: 'Paris', author: 'La Gazette', language: 'fr',
    });
    expect(seed?.contentText.startsWith('Les forces de maintien de la paix russes')).toBe(true);
    expect(stored.find((i) => i.title.startsWith('Marseille'))?.author).toBe('Sophie Lanier');
    store.close();
  });

  it('costs one request when the listing did not change, and fetches only the new article when it did', async () => {
    listing = LISTING;
    const { store, path } = tempStore();
    const loaded = configFor(path, [htmlSource()]);
    await runIngest(loaded, store, silentLogger(), { all: true });
    const before = requestsTo('/news/');
    await runIngest(loaded, store, silentLogger(), { all: true });
    expect(requestsTo('/news/') - before).toBe(1);
    listing = LISTING.replace('<section class="latest">', `<section class="latest">${EXTRA_LINK}`);
    const beforeChange = server.requests.length;
    await runIngest(loaded, store, silentLogger(), { all: true });
    expect(server.requests.slice(beforeChange).map((r) => r.path).sort()).toEqual(['/news/', '/news/extra.html']);
    expect(items(store, 'gazette-web')).toHaveLength(4);
    store.close();
  });

  it('fails with SCRAPE_FAILED naming the selector when the links selector matches nothing', async () => {
    listing = LISTING;
    const { store, path } = tempStore();
    await runIngest(configFor(path, [htmlSource({ ...SCRAPE, links: '.no-such-list a' })]), store, silentLogger(), { all: true });
    const state = store.sources.get('gazette-web');
    expect(state?.lastErrorCode).toBe('SCRAPE_FAILED');
    expect(state?.lastError).toMatch(/^scrape: selector `\.no-such-list a` found no article links on .*; check the `links` selector/);
    store.close();
  });

  it('keeps pages whose date selector matched nothing, dated by when they were first seen', async () => {
    const { store, path } = tempStore();
    const source = { ...htmlSource({ date: '.date' }), url: server.url('/nodate/') };
    const at = new Date('2024-05-02T08:00:00Z');
    await runIngest(configFor(path, [source]), store, silentLogger(), { all: true, now: () => at });
    expect(store.sources.get('gazette-web')?.lastErrorCode ?? null).toBeNull();
    const stored = items(store, 'gazette-web');
    expect(stored).toHaveLength(2);
    expect(stored.map((i) => [i.published, i.dateSource])).toEqual([[at.toISOString().replace('.000', ''), 'first-seen'], [at.toISOString().replace('.000', ''), 'first-seen']]);
    store.close();
  });

  it('keeps the first-seen date when the page is read again later', async () => {
    const { store, path } = tempStore();
    const loaded = configFor(path, [{ ...htmlSource({}), url: server.url('/nodate/') }]);
    await runIngest(loaded, store, silentLogger(), { all: true, now: () => new Date('2024-05-02T08:00:00Z') });
    await runIngest(loaded, store, silentLogger(), { all: true, now: () => new Date('2024-05-03T08:00:00Z') });
    expect(items(store, 'gazette-web').map((i) => i.published)).toEqual(['2024-05-02T08:00:00Z', '2024-05-02T08:00:00Z']);
    store.close();
  });
});

describe('a fullText feed source', () => {
  const feedSource = { id: 'summaries', url: '', kind: 'partner', language: 'fr', timezone: 'Europe/Paris', fullText: true, scrape: { body: '.article-body', remove: ['.loading', '.voir-plus'] } };

  it('puts the linked page body in contentHtml and keeps the feed summary in summary', async () => {
    const { store, path } = tempStore();
    await runIngest(configFor(path, [{ ...feedSource, url: server.url('/summaries.rss') }]), store, silentLogger(), { all: true });
    const marseille = items(store, 'summaries').find((i) => i.guid === 'm-1');
    expect(marseille?.summary).toContain("150 000 personnes attendues pour l'arrivée du Belem.");
    expect(marseille?.contentHtml?.match(/<p>/g)).toHaveLength(5);
    expect(marseille?.contentText).toMatch(/^La flamme olympique des Jeux de Paris 2024/);
    expect(marseille?.dateline).toBe('Marseille');
    store.close();
  });

  it('keeps the feed text of an item whose page cannot be fetched, and the source does not fail', async () => {
    const { store, path } = tempStore();
    await runIngest(configFor(path, [{ ...feedSource, url: server.url('/summaries.rss') }]), store, silentLogger(), { all: true });
    expect(store.sources.get('summaries')?.lastErrorCode ?? null).toBeNull();
    expect(items(store, 'summaries').find((i) => i.guid === 'x-1')?.contentText).toBe("Ce résumé reste le seul texte de l'article.");
    store.close();
  });

  it('does not fetch the pages again while the items are unchanged', async () => {
    const { store, path } = tempStore();
    const loaded = configFor(path, [{ ...feedSource, url: server.url('/summaries.rss') }]);
    await runIngest(loaded, store, silentLogger(), { all: true });
    const before = requestsTo('/news/');
    await runIngest(loaded, store, silentLogger(), { all: true });
    expect(requestsTo('/news/')).toBe(before);
    expect(items(store, 'summaries').filter((i) => i.contentText.length > 300)).toHaveLength(2);
    store.close();
  });
});
