/**
 * OPML 2.0 subscription lists (http://opml.org/spec2.opml): the configured sources, and the
 * curated feeds, so a reader subscribes to all of them in one step. Pure: same input, same bytes.
 */
import type { OutputFormat } from '../model/curated.js';
import { FEED_EXTENSIONS, toHttpUrl } from './prepare-feed.js';
import { escapeMarkup, stripXmlIllegal } from './xml-text.js';

export const OPML_CONTENT_TYPE = 'text/x-opml; charset=utf-8';

export interface OpmlSource {
  id: string;
  title: string;
  kind: 'wire' | 'partner';
  /** The configured URL or path; only http(s) URLs become subscriptions. */
  url: string;
  /** The source's configured type: an `html` source is a scraped page, not a feed to subscribe to. */
  type?: string;
  /** The source's web site, when known. */
  homeUrl: string | null;
  language: string | null;
}

export interface OpmlFeed {
  id: string;
  title: string;
  description: string;
  language: string | null;
  formats: OutputFormat[];
  /** A private feed's access token, added to its URL (the reader's own list only). */
  token?: string | null;
}

/** No dateCreated/dateModified: the list then depends on the config alone, so its bytes and ETag are stable. */
export interface OpmlHead {
  title: string;
  /** Absolute http(s) base URL of the service, without a trailing slash. */
  baseUrl: string;
}

/** Readers take one URL per subscription: RSS when enabled, else Atom, else JSON Feed. */
const PREFERRED: readonly OutputFormat[] = ['rss', 'atom', 'json'];

export function renderFeedsOpml(head: OpmlHead, feeds: OpmlFeed[]): string {
  const outlines = feeds.flatMap((feed) => {
    const format = PREFERRED.find((f) => feed.formats.includes(f));
    if (format === undefined) return [];
    const query = feed.token ? `?token=${encodeURIComponent(feed.token)}` : '';
    const xmlUrl = `${head.baseUrl}/feeds/${encodeURIComponent(feed.id)}.${FEED_EXTENSIONS[format]}${query}`;
    return [outline({
      type: 'rss', text: feed.title, title: feed.title, description: feed.description || null, xmlUrl,
      htmlUrl: `${head.baseUrl}/`, language: feed.language, version: format === 'rss' ? 'RSS2' : null,
    })];
  });
  return document(head, outlines);
}

/** Sources grouped by kind; a file source is listed as text (a reader cannot subscribe to a path). */
export function renderSourcesOpml(head: OpmlHead, sources: OpmlSource[]): string {
  const groups = (['wire', 'partner'] as const).flatMap((kind) => {
    const members = sources.filter((s) => s.kind === kind);
    if (members.length === 0) return [];
    const children = members.map((source) => {
      const xmlUrl = /^https?:/i.test(source.url) ? toHttpUrl(source.url) : null;
      const label = outlineLabel(source.title) || source.id;
      const common = { text: label, title: label, htmlUrl: toHttpUrl(source.homeUrl), language: source.language };
      if (xmlUrl === null) return outline({ ...common, description: `not subscribable: read from a local file (${source.id})` });
      // A scraped page is a link to visit, not a feed: readers must not subscribe to its HTML.
      if (source.type === 'html') return outline({ ...common, type: 'link', url: xmlUrl, description: `a web page wiredesk scrapes (${source.id}), not a feed` });
      return outline({ ...common, type: 'rss', xmlUrl });
    });
    const label = kind === 'wire' ? 'Wires' : 'Partners';
    return [`<outline text="${label}" title="${label}">\n${children.map((c) => `      ${c}`).join('\n')}\n    </outline>`];
  });
  return document(head, groups);
}

/** `text` is required and shown by readers: never markup, never empty (the caller falls back to the id). */
function outlineLabel(title: string): string {
  return stripXmlIllegal(title).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
}

function document(head: OpmlHead, outlines: string[]): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${text(head.title)}</title>`,
    `    <docs>http://opml.org/spec2.opml</docs>`,
    '  </head>',
    '  <body>',
    ...outlines.map((o) => `    ${o}`),
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}

/** One <outline/> with its attributes in a fixed order; null attributes are left out. */
function outline(attributes: Record<string, string | null | undefined>): string {
  const written = Object.entries(attributes)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '')
    .map(([name, value]) => ` ${name}="${text(value)}"`)
    .join('');
  return `<outline${written}/>`;
}

function text(value: string): string {
  // Attribute values keep line breaks only as character references.
  return escapeMarkup(stripXmlIllegal(value)).replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}
