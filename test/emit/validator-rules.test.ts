/**
 * Rules of the W3C feed validator that the `feed` package or real inputs break, each pinned:
 * URI characters, tag: and urn: ids, self links of search feeds, OPML escaping. checkAtom (RFC 4287)
 * runs over every output here too.
 */
import { describe, expect, it } from 'vitest';
import { pickEntryId, toHttpUrl } from '../../src/emit/prepare-feed.js';
import { renderFeed } from '../../src/emit/render-feed.js';
import { renderFeedsOpml, renderSourcesOpml } from '../../src/emit/render-opml.js';
import type { CuratedFeed } from '../../src/model/curated.js';
import { checkAtom, isValidUri } from '../e2e/atom-rules.js';
import { sampleEntries, sampleFeed } from '../fixtures/emit/sample-feed.js';

function withFirstItem(over: Partial<CuratedFeed['entries'][number]['item']>): CuratedFeed {
  const entries = sampleEntries();
  Object.assign(entries[0]!.item, over);
  return sampleFeed({ entries });
}

describe('URIs the validator accepts', () => {
  it('percent-encodes characters WHATWG URLs keep but RFC 2396 refuses (| [ ] { } ^ `)', () => {
    const url = toHttpUrl('https://ex.example/a|b/[c]?q={d}^e`');
    expect(url).toBe('https://ex.example/a%7Cb/%5Bc%5D?q=%7Bd%7D%5Ee%60');
    expect(isValidUri(url ?? '')).toBe(true);
    const atom = renderFeed(withFirstItem({ url: 'https://ex.example/a|b' }), 'atom').body;
    expect(atom).toContain('<link href="https://ex.example/a%7Cb"/>');
    expect(checkAtom(atom)).toEqual([]);
  });

  it('keeps a valid tag: or urn: guid as the entry id, and replaces an invalid one by our URN', () => {
    const used = new Set<string>();
    expect(pickEntryId('tag:wire.example.com,2024:storm', 'a', used)).toBe('tag:wire.example.com,2024:storm');
    expect(pickEntryId('urn:uuid:1d3b0b8a-3b4c-4a7e-9a8e-2f0e0c6b7d11', 'b', used)).toBe('urn:uuid:1d3b0b8a-3b4c-4a7e-9a8e-2f0e0c6b7d11');
    // Upper-case authority and a missing date are invalid tag: URIs for the validator.
    expect(pickEntryId('tag:Wire.Example.com,2024:x', 'c', used)).toBe('urn:wiredesk:item:c');
    expect(pickEntryId('tag:wire.example.com:x', 'd', used)).toBe('urn:wiredesk:item:d');
    expect(pickEntryId('urn:x:has space', 'e', used)).toBe('urn:wiredesk:item:e');
    expect(pickEntryId('https://ex.example/[1]', 'f', used)).toBe('urn:wiredesk:item:f');
  });

  it('escapes "~" in our own URNs, which encodeURIComponent leaves and the URN rule refuses', () => {
    const id = pickEntryId(null, 'it~1 2', new Set());
    expect(id).toBe('urn:wiredesk:item:it%7E1%202');
    expect(isValidUri(id)).toBe(true);
  });

  it('gives a search feed its own escaped self link and feed id, in every format', () => {
    const query = '/search.atom?q=%22g7%20capri%22%20%26%20iran';
    const feed = sampleFeed({ id: 'search', selfPaths: { rss: query.replace('atom', 'rss'), atom: query, json: query.replace('atom', 'json') } });
    const atom = renderFeed(feed, 'atom').body;
    expect(atom).toContain(`<id>http://127.0.0.1:8080${query}</id>`);
    expect(atom).toContain(`<link rel="self" href="http://127.0.0.1:8080${query}"/>`);
    expect(checkAtom(atom)).toEqual([]);
    expect(renderFeed(feed, 'rss').body).toContain(`<atom:link href="http://127.0.0.1:8080${query.replace('atom', 'rss')}" rel="self"`);
    expect(JSON.parse(renderFeed(feed, 'json').body)).toMatchObject({ feed_url: `http://127.0.0.1:8080${query.replace('atom', 'json')}` });
  });

  it('passes the RFC 4287 check for the sample feed, with and without a hub', () => {
    expect(checkAtom(renderFeed(sampleFeed(), 'atom').body)).toEqual([]);
    expect(checkAtom(renderFeed(sampleFeed({ hub: null }), 'atom').body)).toEqual([]);
  });
});

describe('OPML 2.0', () => {
  const head = { title: 'Listes & flux', baseUrl: 'https://news.example' };

  it('escapes attribute text, drops illegal characters and keeps line breaks as references', () => {
    const opml = renderFeedsOpml(head, [{ id: 'une', title: 'À "la" une\u0007', description: 'a\nb <c>', language: 'fr', formats: ['atom', 'json'] }]);
    expect(opml).toContain('<title>Listes &amp; flux</title>');
    expect(opml).toContain('<outline type="rss" text="À &quot;la&quot; une" title="À &quot;la&quot; une" description="a&#10;b &lt;c&gt;" xmlUrl="https://news.example/feeds/une.atom" htmlUrl="https://news.example/" language="fr"/>');
  });

  it('subscribes to the RSS version when there is one, else Atom, else JSON', () => {
    const opml = renderFeedsOpml(head, [
      { id: 'a', title: 'A', description: '', language: null, formats: ['json', 'rss'] },
      { id: 'b', title: 'B', description: '', language: null, formats: ['json'] },
    ]);
    expect([...opml.matchAll(/xmlUrl="([^"]+)"/g)].map((m) => m[1])).toEqual(['https://news.example/feeds/a.rss', 'https://news.example/feeds/b.json']);
    expect(opml).toContain('version="RSS2"');
  });

  it('lists only http(s) sources as subscriptions and never leaks a file path', () => {
    const opml = renderSourcesOpml(head, [
      { id: 'w', title: 'Wire', kind: 'wire', url: 'https://wire.example/rss', homeUrl: 'https://wire.example/', language: 'en' },
      { id: 'p', title: 'Local', kind: 'partner', url: '/srv/feeds/local.xml', homeUrl: null, language: null },
    ]);
    expect(opml).toContain('<outline text="Wire" title="Wire" htmlUrl="https://wire.example/" language="en" type="rss" xmlUrl="https://wire.example/rss"/>');
    expect(opml).toContain('<outline text="Local" title="Local" description="not subscribable: read from a local file (p)"/>');
    expect(opml).not.toContain('/srv/');
  });
});

describe('Atom entries without a URL', () => {
  it('carry content (the summary, else the title) since RFC 4287 wants content or an alternate link', () => {
    const entries = sampleEntries().slice(2, 3);
    const withSummary = renderFeed(sampleFeed({ entries }), 'atom').body;
    expect(withSummary).toMatch(/<summary type="html"><!\[CDATA\[<p>Un scrutin serré\.<\/p>\]\]><\/summary>\s*<content type="html"><!\[CDATA\[<p>Un scrutin serré\.<\/p>\]\]><\/content>/);
    entries[0]!.item.summary = null;
    const bare = renderFeed(sampleFeed({ entries }), 'atom').body;
    expect(bare).toContain('<content type="html"><![CDATA[<p>Élections : « un scrutin serré » selon les sondages</p>]]></content>');
    expect(checkAtom(bare)).toEqual([]);
  });
});

describe('languages and enclosures the validator accepts', () => {
  it('keeps language tags with a known ISO 639 code and drops the others everywhere', async () => {
    const { toLanguage } = await import('../../src/emit/prepare-feed.js');
    expect(['fr', 'en-GB', 'pt_BR', 'gsw'].map(toLanguage)).toEqual(['fr', 'en-GB', 'pt-BR', 'gsw']);
    expect(['english', 'xx', 'qaa', 'fr!', ''].map(toLanguage)).toEqual([null, null, null, null, null]);
    const rss = renderFeed(withFirstItem({ language: 'english' }), 'rss').body;
    expect(rss).not.toContain('english');
    expect(renderFeed(withFirstItem({ language: 'english' }), 'atom').body).not.toContain('xml:lang="english"');
  });

  it('drops enclosures whose host the validator refuses (no dot, not IPv4)', () => {
    const feed = withFirstItem({ enclosures: [{ url: 'http://intranet/a.mp3', type: 'audio/mpeg', length: 1 }, { url: 'http://10.0.0.1:8000/b.mp3', type: 'audio/mpeg', length: 2 }] });
    const rss = renderFeed(feed, 'rss').body;
    expect(rss).not.toContain('intranet');
    expect(rss).toContain('<enclosure url="http://10.0.0.1:8000/b.mp3" length="2" type="audio/mpeg"/>');
  });
});

describe('atom:source', () => {
  it('carries id, title and updated, which the validator requires (MissingElement is an error there)', () => {
    const atom = renderFeed(sampleFeed(), 'atom').body;
    const sources = atom.match(/<source>[\s\S]*?<\/source>/g) ?? [];
    expect(sources).toHaveLength(4);
    for (const source of sources) expect(source).toMatch(/^<source><id>[^<]+<\/id><title>[^<]+<\/title><updated>\d{4}-\d\d-\d\dT[\d:.]+Z<\/updated>/);
  });
});
