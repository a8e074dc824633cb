import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderFeed } from '../../src/emit/render-feed.js';
import type { CuratedFeed, OutputFormat } from '../../src/model/curated.js';
import { isWiredeskError } from '../../src/model/errors.js';
import { RAW_TITLES, sampleEntries, sampleFeed } from '../fixtures/emit/sample-feed.js';

const HAS_XMLLINT = existsSync('/usr/bin/xmllint');
const render = (format: OutputFormat, feed: CuratedFeed = sampleFeed()) => renderFeed(feed, format).body;

/** Throws with xmllint's message when the document is not well-formed XML (a no-op without xmllint). */
function assertWellFormed(xml: string): void {
  if (!HAS_XMLLINT) return;
  execFileSync('/usr/bin/xmllint', ['--noout', '--nonet', '-'], { input: xml, stdio: ['pipe', 'ignore', 'pipe'] });
}

function blocks(xml: string, tag: string): string[] {
  return xml.match(new RegExp(`<${tag}[ >][\\s\\S]*?</${tag}>`, 'g')) ?? [];
}

function jsonItems(feed: CuratedFeed = sampleFeed()): Array<Record<string, unknown>> {
  return (JSON.parse(render('json', feed)) as { items: Array<Record<string, unknown>> }).items;
}

describe('renderFeed', () => {
  it('labels each format with its media type', () => {
    expect(renderFeed(sampleFeed(), 'rss').contentType).toBe('application/rss+xml; charset=utf-8');
    expect(renderFeed(sampleFeed(), 'atom').contentType).toBe('application/atom+xml; charset=utf-8');
    expect(renderFeed(sampleFeed(), 'json').contentType).toBe('application/feed+json; charset=utf-8');
  });

  it.skipIf(!HAS_XMLLINT)(`writes well-formed XML for RSS and Atom${HAS_XMLLINT ? '' : ' [SKIPPED: /usr/bin/xmllint is not installed]'}`, () => {
    assertWellFormed(render('rss'));
    assertWellFormed(render('atom'));
  });

  it('returns the same bytes for the same feed', () => {
    for (const format of ['rss', 'atom', 'json'] as const) expect(render(format)).toBe(render(format));
  });

  it('links each format to its own URL and uses the Atom URL as the feed id', () => {
    expect(render('rss')).toContain('<atom:link href="http://127.0.0.1:8080/feeds/une.rss" rel="self" type="application/rss+xml"/>');
    const atom = render('atom');
    expect(atom).toContain('<link rel="self" href="http://127.0.0.1:8080/feeds/une.atom"/>');
    expect(atom).toMatch(/<feed [^>]*>\s*<id>http:\/\/127\.0\.0\.1:8080\/feeds\/une\.atom<\/id>/);
    expect(JSON.parse(render('json'))).toMatchObject({ version: 'https://jsonfeed.org/version/1.1', feed_url: 'http://127.0.0.1:8080/feeds/une.json' });
  });

  it('gives every entry the same id in every format: absolute guid, else a wiredesk URN', () => {
    const expected = [
      'https://www.lagazette.example/articles/greve-sncf',
      'urn:wiredesk:item:it-rates',
      'urn:wiredesk:item:it-elections',
      'tag:wire.example.com,2024:storm',
    ];
    expect([...render('rss').matchAll(/<guid isPermaLink="false">([^<]*)<\/guid>/g)].map((m) => m[1])).toEqual(expected);
    expect(blocks(render('atom'), 'entry').map((e) => /<id>([^<]*)<\/id>/.exec(e)?.[1])).toEqual(expected);
    expect(jsonItems().map((item) => item['id'])).toEqual(expected);
  });

  it('falls back to the URN when two entries carry the same guid', () => {
    const entries = sampleEntries();
    const copy = structuredClone(entries[0]!);
    copy.item.id = 'it-copy';
    const ids = jsonItems(sampleFeed({ entries: [entries[0]!, copy] })).map((item) => item['id']);
    expect(ids).toEqual(['https://www.lagazette.example/articles/greve-sncf', 'urn:wiredesk:item:it-copy']);
  });

  it('dates every entry with updated, else published, else fetchedAt', () => {
    const expected = ['2024-04-17T20:15:00.000Z', '2024-04-17T18:00:00.000Z', '2024-04-17T17:45:00.000Z', '2024-04-17T16:00:00.000Z'];
    expect(blocks(render('atom'), 'entry').map((e) => /<updated>([^<]*)<\/updated>/.exec(e)?.[1])).toEqual(expected);
    expect(blocks(render('rss'), 'item').map((e) => /<atom:updated>([^<]*)<\/atom:updated>/.exec(e)?.[1])).toEqual(expected);
    expect(jsonItems().map((item) => item['date_modified'])).toEqual(expected);
  });

  it('drops relative URLs instead of letting feed throw "Invalid URL"', () => {
    for (const format of ['rss', 'atom', 'json'] as const) {
      const body = render(format);
      expect(body).not.toContain('/articles/elections');
      expect(body).not.toContain('/media/chart.png');
      expect(body).toContain('https://wire.example.com/media/chart.jpg');
    }
    expect(render('atom')).not.toContain('<link/>');
  });

  it('renders without throwing when source links, related URLs and the hub are relative or junk', () => {
    const feed = sampleFeed({ hub: 'hub.local/path' });
    feed.entries[0]!.source = { ...feed.entries[0]!.source, link: '/gazette' };
    feed.entries[0]!.alsoReportedBy[0]!.url = '../story?id=7';
    feed.entries[1]!.item.url = 'javascript:alert(1)';
    for (const format of ['rss', 'atom', 'json'] as const) {
      const body = render(format, feed);
      expect(body).not.toMatch(/\/gazette"|\.\.\/story|javascript:|hub\.local/);
    }
    expect(blocks(render('atom', feed), 'entry')[0]).not.toContain('rel="related"');
    expect(blocks(render('rss', feed), 'item')[0]).not.toContain('<source');
  });

  it('strips XML-illegal control characters from every string', () => {
    const feed = sampleFeed({ title: 'Une\u0000 \u001b' });
    feed.entries[0]!.item.contentHtml = '<p>bell\u0007 and lone surrogate \uD800 end</p>';
    feed.entries[0]!.item.author = 'Marie\u000b Dupont';
    for (const format of ['rss', 'atom', 'json'] as const) {
      const body = render(format, feed);
      expect(body).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]|\\u000[0-8bc]|\\u001[0-9a-f]|\\ud800/i);
      expect(body).toContain('Grève à la SNCF');
    }
    assertWellFormed(render('rss', feed));
    assertWellFormed(render('atom', feed));
  });

  it('keeps a document well-formed when content and titles contain "]]>" several times', () => {
    const feed = sampleFeed();
    feed.entries[1]!.item.title = 'one ]]> two ]]> three ]]>';
    feed.entries[1]!.item.summary = '<p>x]]>y]]>z</p>';
    for (const format of ['rss', 'atom'] as const) {
      const body = render(format, feed);
      assertWellFormed(body);
      expect(body).toContain('<![CDATA[<p>x]]]]><![CDATA[>y]]]]><![CDATA[>z</p>]]>');
    }
    expect(render('atom', feed)).toContain('<title type="text">one ]]&gt; two ]]&gt; three ]]&gt;</title>');
  });

  it('marks the Atom feed and its entries with xml:lang, and omits it without a language', () => {
    const atom = render('atom');
    expect(atom).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">');
    expect(blocks(atom, 'entry').map((e) => /^<entry xml:lang="([^"]*)">/.exec(e)?.[1])).toEqual(['fr', 'en', 'fr', 'en']);
    expect(render('atom', sampleFeed({ language: null }))).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    expect(JSON.parse(render('json'))).toMatchObject({ language: 'fr' });
  });

  it('gives every Atom category a term, escaped', () => {
    const entry = blocks(render('atom'), 'entry')[1] ?? '';
    expect(entry).toContain('<category term="Economy"/>');
    expect(entry).toContain('<category term="R&amp;D &lt;lab&gt;"/>');
    expect(render('atom')).not.toMatch(/<category(?![^>]*term=)/);
    expect(jsonItems()[1]).toMatchObject({ tags: ['Economy', 'R&D <lab>'] });
  });

  it('renders an audio/mpeg enclosure with its real type and length', () => {
    expect(blocks(render('rss'), 'item')[0]).toContain('<enclosure url="https://cdn.lagazette.example/audio/greve.mp3" length="123456" type="audio/mpeg"/>');
    expect(blocks(render('atom'), 'entry')[0]).toContain(
      '<link rel="enclosure" href="https://cdn.lagazette.example/audio/greve.mp3" type="audio/mpeg" length="123456"/>',
    );
    expect(jsonItems()[0]).toMatchObject({ attachments: [{ url: 'https://cdn.lagazette.example/audio/greve.mp3', mime_type: 'audio/mpeg', size_in_bytes: 123456 }] });
    expect(render('rss') + render('atom')).not.toContain('image/mp3');
  });

  it('names RSS authors with dc:creator, declared even when no item has content', () => {
    const rss = render('rss');
    expect(rss).not.toContain('<author>');
    expect(blocks(rss, 'item')[0]).toContain('<dc:creator>Marie Dupont</dc:creator>');
    const summaryOnly = sampleFeed({ entries: sampleEntries().slice(2, 3) });
    summaryOnly.entries[0]!.item.author = 'Anne';
    const body = render('rss', summaryOnly);
    expect(body).not.toContain('content:encoded');
    expect(body).toMatch(/<rss [^>]*xmlns:dc="http:\/\/purl\.org\/dc\/elements\/1\.1\/"/);
    assertWellFormed(body);
  });

  it('credits the source: RSS <source url> when it has a link, Atom source with its title', () => {
    const items = blocks(render('rss'), 'item');
    expect(items[0]).toContain('<source url="https://www.lagazette.example/">La Gazette</source>');
    expect(items[1]).toContain('<source url="https://wire.example.com/feed.xml">Global Wire &amp; Co</source>');
    expect(items[2]).not.toContain('<source');
    const entries = blocks(render('atom'), 'entry');
    expect(entries[0]).toContain('<source><id>https://www.lagazette.example/</id><title>La Gazette</title>');
    expect(entries[2]).toContain('<source><id>urn:wiredesk:source:local</id><title>Radio Locale</title><updated>2024-04-17T17:45:00.000Z</updated></source>');
  });

  it('advertises the WebSub hub in all formats only when one is set', () => {
    expect(render('rss')).toContain('<atom:link href="https://hub.example.net/" rel="hub"/>');
    expect(render('atom')).toContain('<link rel="hub" href="https://hub.example.net/"/>');
    expect(JSON.parse(render('json'))).toMatchObject({ hubs: [{ type: 'WebSub', url: 'https://hub.example.net/' }] });
    const noHub = sampleFeed({ hub: null });
    expect(render('rss', noHub) + render('atom', noHub) + render('json', noHub)).not.toMatch(/hub/);
  });

  it('lists the other versions: Atom related links, RSS footer, JSON _wiredesk', () => {
    const entry = blocks(render('atom'), 'entry')[0] ?? '';
    expect(entry.match(/rel="related"/g)).toHaveLength(1);
    expect(entry).toContain('<link rel="related" href="https://wire.example.com/story?id=7&amp;lang=en" title="Global Wire &amp; Co"/>');
    expect(blocks(render('rss'), 'item')[0]).toContain(
      '<p>Also reported by: <a href="https://wire.example.com/story?id=7&amp;lang=en" title="French rail strike to disrupt traffic">Global Wire &amp; Co</a>, Radio Locale</p>]]></content:encoded>',
    );
    expect(jsonItems()[0]?.['_wiredesk']).toEqual({
      story_id: 'story-it-greve',
      source: { id: 'gazette', title: 'La Gazette' },
      also_reported_by: [
        { source_id: 'wire-en', source_title: 'Global Wire & Co', url: 'https://wire.example.com/story?id=7&lang=en', title: 'French rail strike to disrupt traffic' },
        { source_id: 'local', source_title: 'Radio Locale', url: null, title: 'Grève SNCF' },
      ],
    });
  });

  it('writes plain-text titles as Atom text, not as HTML', () => {
    expect(blocks(render('atom'), 'entry')[1]).toContain(
      '<title type="text">Central bank holds rates at 4% &amp; signals &quot;cuts&quot; &lt;soon&gt;</title>',
    );
    expect(jsonItems().map((item) => item['title'])).toEqual(RAW_TITLES.map((t) => t.replace('\u0007', '')));
  });

  it('gives every JSON Feed item content and the 1.1 authors and language', () => {
    const feed = sampleFeed();
    feed.entries[3]!.item.contentHtml = null;
    const items = jsonItems(feed);
    for (const item of items) expect(typeof item['content_html']).toBe('string');
    expect(items[0]).toMatchObject({ authors: [{ name: 'Marie Dupont' }], language: 'fr', date_published: '2024-04-17T19:02:00.000Z' });
    expect(items[3]).not.toHaveProperty('date_published');
  });

  it('follows JSON Feed 1.1: required fields, string ids, content, RFC 3339 dates, absolute URLs', () => {
    const document = JSON.parse(render('json')) as Record<string, unknown> & { items: Array<Record<string, unknown>> };
    expect(document).toMatchObject({ version: 'https://jsonfeed.org/version/1.1', title: 'À la une & ailleurs', home_page_url: 'http://127.0.0.1:8080/' });
    expect(document.items).toHaveLength(4);
    for (const item of document.items) {
      expect(typeof item['id']).toBe('string');
      expect(typeof item['content_html'] === 'string' || typeof item['content_text'] === 'string').toBe(true);
      expect(item['date_modified']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
      if ('url' in item) expect(String(item['url'])).toMatch(/^https?:\/\//);
    }
    expect(document.items.map((item) => item['url'] ?? null)).toEqual([
      'https://www.lagazette.example/articles/greve-sncf', 'https://wire.example.com/story?id=42&lang=en', null, 'https://wire.example.com/story?id=43',
    ]);
  });

  it('survives unparseable dates by falling back instead of throwing', () => {
    const feed = sampleFeed({ updated: 'not a date' });
    feed.entries[0]!.item.updated = 'yesterday-ish';
    expect(blocks(render('atom', feed), 'entry')[0]).toContain('<updated>2024-04-17T19:02:00.000Z</updated>');
  });

  it('refuses a feed without an absolute base URL with EMIT_FAILED', () => {
    let error: unknown;
    try {
      renderFeed(sampleFeed({ baseUrl: '/relative' }), 'rss');
    } catch (err) {
      error = err;
    }
    expect(isWiredeskError(error, 'EMIT_FAILED')).toBe(true);
    expect((error as Error).message).toMatch(/^emit: /);
  });
});
