/** RSS 0.9x / 2.0, RSS 1.0 (RDF) and CDF-like channels → FeedEntry / ParsedFeed. */
import type { FeedEntry, FeedFormat, ParsedFeed, RawEnclosure } from '../model/entry.js';
import { findCategories } from './categories.js';
import { findAtomLink } from './map-atom.js';
import { mediaDescription, rssHtml, rssTitle } from './text-construct.js';
import {
  allTexts, firstNode, firstText, mediaEnclosures, nodesOf, rawEntry, resolveAgainst, toLength,
} from './xml-nodes.js';
import type { XmlElement, XmlFeedTree } from './xml-tree.js';

export function mapRssFeed(doc: XmlFeedTree, format: Extract<FeedFormat, 'rss' | 'rdf'>): ParsedFeed {
  const { channel } = doc;
  return {
    format,
    title: firstText(channel, 'title', 'dc:title'),
    link: findLink(channel),
    language: firstText(channel, 'language', 'dc:language') ?? channel.lang ?? doc.root.lang,
    base: channel.base,
    entries: doc.entries.map(mapRssEntry),
  };
}

export function mapRssEntry(item: XmlElement): FeedEntry {
  const { guid, guidIsPermaLink } = findGuid(item);
  return {
    guid,
    guidIsPermaLink,
    link: findLink(item),
    base: item.base,
    // Media RSS: media:title stands in for a missing title.
    title: rssTitle(firstNode(item, 'title', 'dc:title', 'media:title')),
    // `summary` unprefixed: Atom's, pasted into RSS without its namespace.
    summary: rssHtml(firstFilled(item, 'description', 'abstract', 'dc:description', 'itunes:summary', 'atom:summary', 'summary')) ?? mediaDescription(item),
    content: rssHtml(firstFilled(item, 'content:encoded', 'xhtml:body', 'body', 'fullitem', 'atom:content')),
    author: findAuthor(item),
    published: firstText(item, 'pubdate', 'dcterms:issued', 'issued', 'atom:published', 'dc:date', 'dcterms:created'),
    // `updated` unprefixed: Atom elements pasted into RSS without their namespace.
    updated: firstText(item, 'dcterms:modified', 'atom:updated', 'modified', 'updated', 'lastbuilddate') ?? item.attrs.lastmod?.trim() ?? null,
    categories: findCategories(item),
    enclosures: [...findEnclosures(item), ...mediaEnclosures(item)],
    language: item.attrs['xml:lang']?.trim() || firstText(item, 'dc:language'),
    dateline: null,
    raw: rawEntry(item),
  };
}

/** `<link>` text, else an Atom `<atom:link rel="alternate">`, else a CDF `href` attribute. */
function findLink(element: XmlElement): string | null {
  for (const node of nodesOf(element, 'link')) {
    const url = resolveAgainst(node.text, node) ?? resolveAgainst(node.attrs.href, node);
    if (url) return url;
  }
  return findAtomLink(element, 'atom:link') ?? resolveAgainst(element.attrs.href, element);
}

function findGuid(item: XmlElement): { guid: string | null; guidIsPermaLink: boolean } {
  const node = firstNode(item, 'guid');
  const guid = node?.text.trim();
  if (node && guid) {
    // RSS 2.0: a guid is a permalink unless it says isPermaLink="false".
    const flag = node.attrs.ispermalink ?? 'true';
    return { guid, guidIsPermaLink: flag.trim().toLowerCase() !== 'false' };
  }
  // RSS 1.0 items are identified by their rdf:about URI.
  const about = item.attrs['rdf:about']?.trim() || firstText(item, 'atom:id', 'dc:identifier', 'id');
  return { guid: about || null, guidIsPermaLink: false };
}

function findAuthor(item: XmlElement): string | null {
  const names = allTexts(item, 'author', 'dc:creator', 'dc:author');
  if (names.length === 0) names.push(...allTexts(item, 'itunes:author'));
  if (names.length === 0) {
    for (const node of nodesOf(item, 'atom:author')) names.push(...allTexts(node, 'atom:name'));
  }
  return names.length > 0 ? [...new Set(names)].join(', ') : null;
}

function findEnclosures(item: XmlElement): RawEnclosure[] {
  const enclosures: RawEnclosure[] = [];
  for (const node of nodesOf(item, 'enclosure')) {
    const url = resolveAgainst(node.attrs.url ?? node.attrs.href, node);
    if (!url) continue;
    enclosures.push({ url, type: node.attrs.type?.trim() || null, length: toLength(node.attrs.length) });
  }
  for (const node of nodesOf(item, 'atom:link')) {
    if (node.attrs.rel?.trim().toLowerCase() !== 'enclosure') continue;
    const url = resolveAgainst(node.attrs.href, node);
    if (url) enclosures.push({ url, type: node.attrs.type?.trim() || null, length: toLength(node.attrs.length) });
  }
  return enclosures;
}

function firstFilled(item: XmlElement, ...names: string[]): XmlElement | undefined {
  for (const name of names) {
    const node = nodesOf(item, name).find((n) => n.text.trim() !== '');
    if (node) return node;
  }
  return undefined;
}
