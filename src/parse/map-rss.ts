/** RSS 0.9x / 2.0 and RSS 1.0 (RDF) nodes → FeedEntry / ParsedFeed. */
import type { FeedEntry, FeedFormat, ParsedFeed, RawEnclosure, TextValue } from '../model/entry.js';
import type { XmlElement, XmlFeedDocument } from './rss-parser-adapter.js';
import {
  allTexts, attrsOf, firstText, mediaEnclosures, nodesOf, ownAttrs, resolveBase, textOf, toLength,
} from './xml-nodes.js';

export interface RssContext {
  format: Extract<FeedFormat, 'rss' | 'rdf'>;
  documentUrl: string | null;
  /** Attributes of the root element (`<rss>`, `<rdf:RDF>`), for xml:base / xml:lang. */
  rootAttrs: Record<string, string>;
}

export function mapRssFeed(doc: XmlFeedDocument, ctx: RssContext): ParsedFeed {
  const channelAttrs = ownAttrs(doc.channel);
  const base = resolveBase(channelAttrs['xml:base'], resolveBase(ctx.rootAttrs['xml:base'], ctx.documentUrl));
  return {
    format: ctx.format,
    title: firstText(doc.channel, 'title', 'dc:title'),
    link: firstText(doc.channel, 'link'),
    language: firstText(doc.channel, 'language', 'dc:language') ?? channelAttrs['xml:lang'] ?? ctx.rootAttrs['xml:lang'] ?? null,
    base,
    entries: doc.entries.map((entry) => mapRssEntry(entry, base)),
  };
}

export function mapRssEntry(item: XmlElement, feedBase: string | null): FeedEntry {
  const attrs = ownAttrs(item);
  const { guid, guidIsPermaLink } = findGuid(item);
  return {
    guid,
    guidIsPermaLink,
    link: firstText(item, 'link'),
    base: resolveBase(attrs['xml:base'], feedBase),
    title: textValue(firstText(item, 'title', 'dc:title'), 'text'),
    summary: textValue(firstRawText(item, 'description'), 'html'),
    content: textValue(firstRawText(item, 'content:encoded'), 'html'),
    author: findAuthor(item),
    published: firstText(item, 'pubDate', 'dc:date', 'issued'),
    updated: firstText(item, 'dcterms:modified', 'wd:updated'),
    categories: allTexts(item, 'category', 'dc:subject'),
    enclosures: [...findEnclosures(item), ...mediaEnclosures(item)],
    language: attrs['xml:lang'] ?? firstText(item, 'dc:language'),
    dateline: null,
    raw: item,
  };
}

function findGuid(item: XmlElement): { guid: string | null; guidIsPermaLink: boolean } {
  const node = nodesOf(item, 'guid')[0];
  const guid = textOf(node)?.trim();
  if (guid) {
    // RSS 2.0: a guid is a permalink unless it says isPermaLink="false".
    const flag = attrsOf(node).isPermaLink ?? attrsOf(node).ispermalink ?? 'true';
    return { guid, guidIsPermaLink: flag.trim().toLowerCase() !== 'false' };
  }
  // RSS 1.0 items are identified by their rdf:about URI.
  const about = ownAttrs(item)['rdf:about']?.trim();
  return { guid: about || null, guidIsPermaLink: false };
}

function findAuthor(item: XmlElement): string | null {
  const creators = allTexts(item, 'dc:creator');
  if (creators.length > 0) return [...new Set(creators)].join(', ');
  return firstText(item, 'author');
}

function findEnclosures(item: XmlElement): RawEnclosure[] {
  const enclosures: RawEnclosure[] = [];
  for (const node of nodesOf(item, 'enclosure')) {
    const attrs = attrsOf(node);
    if (!attrs.url?.trim()) continue;
    enclosures.push({ url: attrs.url.trim(), type: attrs.type?.trim() || null, length: toLength(attrs.length) });
  }
  return enclosures;
}

/** HTML bodies keep their surrounding whitespace as written; only blank ones are dropped. */
function firstRawText(item: XmlElement, name: string): string | null {
  for (const node of nodesOf(item, name)) {
    const text = textOf(node);
    if (text?.trim()) return text;
  }
  return null;
}

function textValue(value: string | null, type: TextValue['type']): TextValue | null {
  return value === null ? null : { value, type };
}
