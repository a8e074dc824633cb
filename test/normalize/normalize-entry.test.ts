import { describe, expect, it } from 'vitest';
import type { FeedEntry, ParsedFeed } from '../../src/model/entry.js';
import { normalizeEntry, normalizeFeedMeta, UNTITLED } from '../../src/normalize/normalize-entry.js';

const FEED: ParsedFeed = {
  format: 'rss',
  title: 'Northwind &amp; Co',
  link: '/world/',
  language: 'EN-gb',
  base: 'https://news.example/world/rss.xml',
  entries: [],
};

function entry(overrides: Partial<FeedEntry> = {}): FeedEntry {
  return {
    guid: null, guidIsPermaLink: false, link: null, base: null, title: { value: 'A title', type: 'text' },
    summary: null, content: null, author: null, published: null, updated: null, categories: [],
    enclosures: [], language: null, dateline: null, raw: {}, ...overrides,
  };
}

describe('normalizeEntry', () => {
  it('trims the guid and keeps an empty one as null', () => {
    expect(normalizeEntry(entry({ guid: '  abc  ' }), { feed: FEED }).guid).toBe('abc');
    expect(normalizeEntry(entry({ guid: '   ' }), { feed: FEED }).guid).toBeNull();
  });

  it('resolves the link against the entry base, else the feed base', () => {
    expect(normalizeEntry(entry({ link: 'a.html' }), { feed: FEED }).url).toBe('https://news.example/world/a.html');
    expect(normalizeEntry(entry({ link: 'a.html', base: 'https://other.example/x/' }), { feed: FEED }).url).toBe('https://other.example/x/a.html');
  });

  it('uses a permalink guid when there is no link, but not an opaque one', () => {
    const permalink = entry({ guid: 'https://news.example/s/1?utm_source=x', guidIsPermaLink: true });
    expect(normalizeEntry(permalink, { feed: FEED }).url).toBe('https://news.example/s/1');
    expect(normalizeEntry(entry({ guid: 'https://news.example/s/1', guidIsPermaLink: false }), { feed: FEED }).url).toBeNull();
    expect(normalizeEntry(entry({ guid: 'story-1', guidIsPermaLink: true }), { feed: FEED }).url).toBeNull();
  });

  it('falls back to the permalink guid when the link is not http(s)', () => {
    const item = entry({ link: 'javascript:void(0)', guid: 'https://news.example/s/2', guidIsPermaLink: true });
    expect(normalizeEntry(item, { feed: FEED }).url).toBe('https://news.example/s/2');
  });

  it('titles an untitled item with the start of its text, or "(untitled)"', () => {
    const text = 'Power restored to 40,000 homes in the north after overnight storms brought down lines across three counties.';
    expect(normalizeEntry(entry({ title: null, content: { value: text, type: 'text' } }), { feed: FEED }).title)
      .toBe('Power restored to 40,000 homes in the north after overnight storms brought down…');
    expect(normalizeEntry(entry({ title: { value: ' ', type: 'text' } }), { feed: FEED }).title).toBe(UNTITLED);
  });

  it('escapes a plain-text summary into paragraphs and uses it as content when there is none', () => {
    const item = normalizeEntry(entry({ summary: { value: 'a < b\nsecond line', type: 'text' } }), { feed: FEED });
    expect(item.summary).toBe('<p>a &lt; b</p><p>second line</p>');
    expect(item.contentHtml).toBe(item.summary);
    expect(item.contentText).toBe('a < b\nsecond line');
  });

  it('sanitizes content and derives the plain text from it', () => {
    const item = normalizeEntry(entry({ content: { value: '<p onclick="x()">Hello <script>bad()</script><b>world</b></p>', type: 'html' } }), { feed: FEED });
    expect(item.contentHtml).toBe('<p>Hello <b>world</b></p>');
    expect(item.contentText).toBe('Hello world');
    expect(item.summary).toBeNull();
  });

  it('gives an item without any body an empty text and null HTML', () => {
    const item = normalizeEntry(entry(), { feed: FEED });
    expect(item).toMatchObject({ summary: null, contentHtml: null, contentText: '' });
  });

  it('parses dates in the source timezone, and uses updated when there is no published date', () => {
    const ctx = { feed: FEED, timezone: 'Europe/Paris' };
    expect(normalizeEntry(entry({ published: '2024-04-17 20:02', updated: 'garbage' }), ctx)).toMatchObject({ published: '2024-04-17T18:02:00Z', updated: null });
    expect(normalizeEntry(entry({ updated: '2024-04-17T10:00:00Z' }), ctx)).toMatchObject({ published: '2024-04-17T10:00:00Z', updated: '2024-04-17T10:00:00Z' });
  });

  it('takes the language from the entry, then the feed, then the source config, lowercased', () => {
    expect(normalizeEntry(entry({ language: 'fr-CA' }), { feed: FEED, language: 'de' }).language).toBe('fr-ca');
    expect(normalizeEntry(entry(), { feed: FEED, language: 'de' }).language).toBe('en-gb');
    expect(normalizeEntry(entry(), { feed: { ...FEED, language: null }, language: 'DE' }).language).toBe('de');
    expect(normalizeEntry(entry(), { feed: { ...FEED, language: null } }).language).toBeNull();
  });

  it('trims, dedupes and drops empty categories', () => {
    expect(normalizeEntry(entry({ categories: [' World ', 'world', '', 'Europe', '  ', 'Long\n name'] }), { feed: FEED }).categories)
      .toEqual(['World', 'Europe', 'Long name']);
  });

  it('makes enclosure URLs absolute, drops invalid ones and duplicates, keeps numeric lengths', () => {
    const enclosures = [
      { url: '/a.mp3', type: 'Audio/MPEG', length: 123 },
      { url: 'https://news.example/a.mp3', type: 'audio/mpeg', length: null },
      { url: 'ftp://x.example/b.mp3', type: null, length: 1 },
      { url: 'https://cdn.example/c.jpg', type: null, length: -5 },
    ];
    expect(normalizeEntry(entry({ enclosures }), { feed: FEED }).enclosures).toEqual([
      { url: 'https://news.example/a.mp3', type: 'audio/mpeg', length: 123 },
      { url: 'https://cdn.example/c.jpg', type: null, length: null },
    ]);
  });

  it('reads the name out of an RSS author e-mail', () => {
    expect(normalizeEntry(entry({ author: 'desk@news.example (Priya Raman)' }), { feed: FEED }).author).toBe('Priya Raman');
    expect(normalizeEntry(entry({ author: 'Priya Raman <desk@news.example>' }), { feed: FEED }).author).toBe('Priya Raman');
    expect(normalizeEntry(entry({ author: '  Amina   Okafor ' }), { feed: FEED }).author).toBe('Amina Okafor');
  });

  it('lifts the dateline and credits the agency when the entry names no author', () => {
    const item = normalizeEntry(entry({ content: { value: '<p>PARIS (AFP) - Texte.</p>', type: 'html' } }), { feed: FEED });
    expect(item).toMatchObject({ dateline: 'Paris', author: 'AFP', contentHtml: '<p>Texte.</p>', contentText: 'Texte.' });
  });

  it('keeps a dateline the parser already found', () => {
    expect(normalizeEntry(entry({ dateline: ' Lyon ' }), { feed: FEED }).dateline).toBe('Lyon');
  });

  it('sentence-cases an all-caps title only when asked', () => {
    const item = entry({ title: { value: 'THE HARBOUR OF BREST REOPENS', type: 'text' }, content: { value: '<p>The port of Brest said the harbour reopens.</p>', type: 'html' } });
    expect(normalizeEntry(item, { feed: FEED }).title).toBe('THE HARBOUR OF BREST REOPENS');
    expect(normalizeEntry(item, { feed: FEED, titleCase: 'sentence' }).title).toBe('The harbour of Brest reopens');
    const mixed = entry({ title: { value: 'NATO meets in Brussels', type: 'text' } });
    expect(normalizeEntry(mixed, { feed: FEED, titleCase: 'sentence' }).title).toBe('NATO meets in Brussels');
  });
});

describe('normalizeFeedMeta', () => {
  it('gives a plain title, an absolute link and a lowercase language', () => {
    expect(normalizeFeedMeta(FEED)).toEqual({ title: 'Northwind & Co', link: 'https://news.example/world/', language: 'en-gb' });
  });

  it('gives nulls for a feed that says nothing about itself', () => {
    expect(normalizeFeedMeta({ ...FEED, title: null, link: null, language: null })).toEqual({ title: null, link: null, language: null });
  });
});
