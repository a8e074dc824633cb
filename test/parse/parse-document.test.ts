import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isWiredeskError } from '../../src/model/errors.js';
import { MAX_ENTRIES, parseDocument } from '../../src/parse/parse-document.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/parse');
const URL = 'https://feeds.example/feed';

async function parseError(text: string, type?: 'auto' | 'html'): Promise<{ code: string; message: string }> {
  try {
    await parseDocument(text, { url: URL, type });
  } catch (err) {
    if (isWiredeskError(err)) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected parseDocument to fail');
}

describe('parseDocument errors', () => {
  it('reports an HTML page as PARSE_UNKNOWN_FORMAT, naming the feeds it advertises', async () => {
    const error = await parseError(readFileSync(join(FIXTURES, 'html-page.html'), 'utf8'));
    expect(error.code).toBe('PARSE_UNKNOWN_FORMAT');
    expect(error.message).toMatch(/^parse: https:\/\/feeds\.example\/feed is an HTML page, not a feed; it advertises feeds at https:\/\/feeds\.example\/world\/rss\.xml/);
  });

  it('leaves sources of type "html" to the scrape stage, even when the content is a feed', async () => {
    const error = await parseError('<rss version="2.0"><channel/></rss>', 'html');
    expect(error.code).toBe('PARSE_UNKNOWN_FORMAT');
    expect(error.message).toContain('HTML pages are read by the scrape stage');
  });

  it('reports garbage as PARSE_UNKNOWN_FORMAT saying what it looks like', async () => {
    expect(await parseError('\u0000\u0001binary?')).toMatchObject({ code: 'PARSE_UNKNOWN_FORMAT', message: expect.stringContaining('plain text starting with') });
    expect(await parseError('')).toMatchObject({ code: 'PARSE_UNKNOWN_FORMAT', message: expect.stringContaining('an empty document') });
  });

  it('recovers what it can from mismatched tags instead of refusing the feed', async () => {
    const feed = await parseDocument('<rss version="2.0"><channel><title>x</channel><item><title>i</title></item></rss>', { url: URL });
    expect(feed.title).toBe('x');
  });

  it('reports invalid JSON as PARSE_INVALID', async () => {
    expect((await parseError('{"version": "https://jsonfeed.org/version/1.1", "items": [}')).code).toBe('PARSE_INVALID');
  });

  it('refuses a document over the size limit before parsing it', async () => {
    const huge = `<rss version="2.0"><channel><title>${'x'.repeat(33 * 1024 * 1024)}</title></channel></rss>`;
    expect((await parseError(huge)).code).toBe('PARSE_INVALID');
  });
});

describe('parseDocument safety and robustness', () => {
  it('never expands entities, even thousands of references to a nested definition', async () => {
    const bomb = readFileSync(join(FIXTURES, 'billion-laughs.xml'), 'utf8')
      .replace('<description>Secret: &xxe; and &lol9;</description>', `<description>${'&lol9;'.repeat(50_000)}</description>`);
    const feed = await parseDocument(bomb, { url: URL });
    const summary = feed.entries[0]?.summary?.value ?? '';
    expect(summary).toBe('&lol9;'.repeat(50_000));
    expect(summary).not.toContain('lollol');
  });

  it('keeps an Atom feed whose dates are unreadable (rss-parser alone would throw)', async () => {
    const atom = '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><id>1</id><title>e</title><published>17 avril 2024</published><updated>not a date</updated></entry></feed>';
    const feed = await parseDocument(atom, { url: URL });
    expect(feed.entries[0]).toMatchObject({ guid: '1', published: '17 avril 2024', updated: 'not a date' });
  });

  it('reads an RSS document without a version attribute as RSS 2.0', async () => {
    const feed = await parseDocument('<rss><channel><title>t</title><item><title>i</title></item></channel></rss>', { url: URL });
    expect(feed.entries).toHaveLength(1);
  });

  it('nests xml:base: entry base resolves against the feed base, which resolves against the document URL', async () => {
    const atom = '<feed xmlns="http://www.w3.org/2005/Atom" xml:base="/blog/"><entry xml:base="2024/"><id>1</id><link href="post"/></entry></feed>';
    const feed = await parseDocument(atom, { url: 'https://site.example/feeds/atom.xml' });
    expect(feed.base).toBe('https://site.example/blog/');
    expect(feed.entries[0]).toMatchObject({ base: 'https://site.example/blog/2024/', link: 'https://site.example/blog/2024/post' });
  });

  it('keeps the guid permalink flag and the first of several links', async () => {
    const rss = '<rss version="2.0"><channel><item><guid isPermaLink="false">a</guid></item><item><guid>https://x.example/b</guid></item></channel></rss>';
    const feed = await parseDocument(rss, { url: URL });
    expect(feed.entries.map((e) => [e.guid, e.guidIsPermaLink])).toEqual([['a', false], ['https://x.example/b', true]]);
  });

  it('reads media:content inside media:group as enclosures', async () => {
    const rss = '<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><item><media:group><media:content url="https://x.example/a.mp4" type="video/mp4" fileSize="10"/></media:group></item></channel></rss>';
    const feed = await parseDocument(rss, { url: URL });
    expect(feed.entries[0]?.enclosures).toEqual([{ url: 'https://x.example/a.mp4', type: 'video/mp4', length: 10 }]);
  });

  it(`keeps at most ${MAX_ENTRIES} entries`, async () => {
    const items = '<item><title>i</title></item>'.repeat(MAX_ENTRIES + 10);
    const feed = await parseDocument(`<rss version="2.0"><channel>${items}</channel></rss>`, { url: URL });
    expect(feed.entries).toHaveLength(MAX_ENTRIES);
  });

  it('detects the format by content whatever the configured type says', async () => {
    const feed = await parseDocument('<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>', { url: URL, type: 'rss' });
    expect(feed.format).toBe('atom');
  });

  it('maps JSON Feed 1.0 author and 1.1 authors, and numeric ids', async () => {
    const json = JSON.stringify({ version: 'https://jsonfeed.org/version/1', title: 't', author: { name: 'Feed Author' }, items: [{ id: 7, content_text: 'x' }, { id: '8', authors: [{ name: 'A' }, { name: 'B' }], content_text: 'y' }] });
    const feed = await parseDocument(json, { url: URL });
    expect(feed.entries.map((e) => [e.guid, e.author])).toEqual([['7', 'Feed Author'], ['8', 'A, B']]);
  });

  it('reads a document that is only a prolog and comments as an empty feed, not an error', async () => {
    const feed = await parseDocument('<?xml version="1.0"?>\n<!-- nothing published today -->\n', { url: URL });
    expect(feed.entries).toEqual([]);
    expect(feed.title).toBeNull();
  });

  it('resolves relative links of a file without a web location against the feed self link, else its site link', async () => {
    const text = readFileSync(join(import.meta.dirname, '../fixtures/feeds/relative-links-no-base.xml'), 'utf8');
    const feed = await parseDocument(text, { url: 'file:///srv/captured/news.xml' });
    expect(feed.entries.map((e) => [e.link, e.enclosures[0]?.url ?? null])).toEqual([
      ['https://valley-courier.example/2024/04/bridge-reopens', 'https://valley-courier.example/media/bridge.jpg'],
      ['https://valley-courier.example/feeds/market-day', null],
    ]);
    const atom = '<feed xmlns="http://www.w3.org/2005/Atom"><link href="https://site.example/blog/"/><entry><link href="post-1"/></entry></feed>';
    expect((await parseDocument(atom, { url: 'file:///tmp/a.atom' })).entries[0]?.link).toBe('https://site.example/blog/post-1');
  });

  it('lets a web document URL win over the feed self link for relative links', async () => {
    const rss = '<rss xmlns:atom="http://www.w3.org/2005/Atom"><channel><atom:link rel="self" href="https://elsewhere.example/rss"/><item><link>/a</link></item></channel></rss>';
    expect((await parseDocument(rss, { url: URL })).entries[0]?.link).toBe('https://feeds.example/a');
  });

  it('reads an Atom feed wrapped in an XHTML page as the feed it is', async () => {
    const text = readFileSync(join(import.meta.dirname, '../fixtures/feeds/atom-in-xhtml.html'), 'utf8');
    const feed = await parseDocument(text, { url: URL });
    expect(feed.format).toBe('atom');
    expect(feed.title).toBe('Wrapped Atom');
    expect(feed.entries.map((e) => e.link)).toEqual(['https://wrapped-atom.example/1']);
  });

  it('reads every kind of category of an entry, keyword lists split on commas', async () => {
    const rss = `<rss xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:media="http://search.yahoo.com/mrss/"><channel><item>
      <category>A</category><itunes:category text="B"><itunes:category text="C"/></itunes:category>
      <itunes:keywords>d, e</itunes:keywords><media:group><media:keywords>f,g</media:keywords><media:category>h</media:category></media:group>
    </item></channel></rss>`;
    expect((await parseDocument(rss, { url: URL })).entries[0]?.categories).toEqual(['A', 'B', 'C', 'd', 'e', 'f', 'g', 'h']);
  });
});
