/** `wiredesk parse` on pages: an article page gives one item, a listing page one line with all its articles. */
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseOne } from '../../src/cli/parse.js';
import { configSchema } from '../../src/config/schema.js';

const PAGES = new URL('../../data/samples/pages/', import.meta.url).pathname;
const CONFIG = configSchema.parse({ sources: [{ id: 'parse', url: 'file:/dev/null', kind: 'partner' }] });

describe('wiredesk parse on HTML pages', () => {
  it('reads an article page with no selectors', async () => {
    const line = await parseOne(`${PAGES}russie-retrait-karabakh.html`, CONFIG, { type: 'auto', titleCase: 'sentence', timezone: 'Europe/Paris' });
    if (!('items' in line)) throw new Error(JSON.stringify(line));
    expect(line.items).toHaveLength(1);
    expect(line.items[0]).toMatchObject({ published: '2024-04-17T19:02:00Z', dateline: 'Paris', author: 'La Gazette', language: 'fr' });
  });

  it('reads a listing page as one line holding every linked article', async () => {
    const line = await parseOne(pathToFileURL(`${PAGES}actualites.html`).href, CONFIG, { type: 'html', timezone: 'Europe/Paris' });
    if (!('items' in line)) throw new Error(JSON.stringify(line));
    expect(line.feed.title).toBe('La Gazette');
    expect(line.items.map((i) => i.published)).toEqual(['2024-04-17T19:02:00Z', '2024-04-17T09:45:00Z', '2024-04-16T16:30:00Z']);
    expect(line.items.every((i) => i.contentText.length > 500)).toBe(true);
  });

  it('reports a document that is not an HTML page as a SCRAPE_FAILED line', async () => {
    const line = await parseOne(`${PAGES}../README.md`, CONFIG, { type: 'html' });
    expect(line).toMatchObject({ error: { code: 'SCRAPE_FAILED' } });
  });
});

/** Two failure classes of the issue: a page that gives no date, and a page whose advertised feed is dead (port 9, discard). */
const DATELESS = new URL('../fixtures/scrape/dateless-page.html', import.meta.url).pathname;

describe('wiredesk parse on a page without a date that advertises a dead feed', () => {
  it('reads a file as the page it is, without following the feed it advertises', async () => {
    const line = await parseOne(DATELESS, CONFIG, { type: 'auto' });
    if (!('items' in line)) throw new Error(JSON.stringify(line));
    expect(line.items).toHaveLength(1);
    expect(line.items[0]).toMatchObject({ title: 'Harbour lights switched back on after storm repairs', author: 'Ellen Marsh', dateSource: 'last-modified' });
    expect(line.items[0]?.contentText).toMatch(/^The lights along Kingsmouth harbour wall/);
    expect(line.items[0]?.contentText).not.toMatch(/Storm damage across the bay|All rights reserved|By Ellen Marsh/);
  });

  it('falls back to the page itself when --discover follows the feed and the feed cannot be fetched', async () => {
    const line = await parseOne(DATELESS, CONFIG, { type: 'auto' }, true);
    if (!('items' in line)) throw new Error(JSON.stringify(line));
    expect(line.items[0]?.title).toBe('Harbour lights switched back on after storm repairs');
  });

  it('keeps a page with no date of its own, dated by the date in its URL', async () => {
    const { readFileSync } = await import('node:fs');
    const { scrapeDocument } = await import('../../src/ingest/scrape-pages.js');
    const text = readFileSync(DATELESS, 'utf8');
    const read = await scrapeDocument({ url: 'https://courier.example/2024/03/08/harbour-lights', text }, {}, () => new Date('2024-05-02T08:00:00Z'));
    expect(read.items[0]?.item).toMatchObject({ published: '2024-03-08T00:00:00Z', dateSource: 'url' });
    expect(read.skipped).toEqual(['scrape: no date found on 1 of 1 page (e.g. https://courier.example/2024/03/08/harbour-lights) (looked for JSON-LD datePublished, article:published_time, <time datetime> or a date-like element); set scrape.date; dated instead by the URL (1)']);
  });
});
