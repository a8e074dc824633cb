/** Atom 1.0 and 0.3 nodes → FeedEntry / ParsedFeed. */
import type { FeedEntry, ParsedFeed, RawEnclosure, TextValue } from '../model/entry.js';
import type { XmlElement, XmlFeedDocument } from './rss-parser-adapter.js';
import {
  allTexts, attrsOf, firstText, mediaEnclosures, nodesOf, ownAttrs, resolveBase, textOf, toLength,
} from './xml-nodes.js';

export function mapAtomFeed(doc: XmlFeedDocument, documentUrl: string | null): ParsedFeed {
  const attrs = ownAttrs(doc.channel);
  const base = resolveBase(attrs['xml:base'], documentUrl);
  const feedAuthor = findAuthors(doc.channel);
  const title = atomText(nodesOf(doc.channel, 'title')[0]);
  return {
    format: 'atom',
    title: title?.value.trim() || null,
    link: findLink(doc.channel, 'alternate')?.href ?? null,
    language: attrs['xml:lang'] ?? null,
    base,
    entries: doc.entries.map((entry) => mapAtomEntry(entry, base, feedAuthor)),
  };
}

export function mapAtomEntry(entry: XmlElement, feedBase: string | null, feedAuthor: string | null): FeedEntry {
  const attrs = ownAttrs(entry);
  const contentNode = nodesOf(entry, 'content')[0];
  return {
    guid: firstText(entry, 'id'),
    guidIsPermaLink: false,
    link: findLink(entry, 'alternate')?.href ?? null,
    base: resolveBase(attrs['xml:base'], feedBase),
    title: atomText(nodesOf(entry, 'title')[0]),
    summary: atomText(nodesOf(entry, 'summary')[0]),
    // Out-of-line content (`src`) is a link to elsewhere, not a body.
    content: attrsOf(contentNode).src ? null : atomText(contentNode),
    // Atom: an entry without an author inherits the feed's.
    author: findAuthors(entry) ?? feedAuthor,
    published: firstText(entry, 'wd:published', 'issued', 'created'),
    updated: firstText(entry, 'wd:updated', 'modified'),
    categories: findCategories(entry),
    enclosures: [...linkEnclosures(entry), ...mediaEnclosures(entry)],
    language: attrs['xml:lang'] ?? null,
    dateline: null,
    raw: entry,
  };
}

/**
 * A text construct. Atom 1.0 says type=text|html|xhtml (xhtml was turned into html by
 * prepare-xml.ts); Atom 0.3 uses MIME types and mode=escaped|xml|base64.
 */
export function atomText(node: unknown): TextValue | null {
  const text = textOf(node);
  if (text === null || text.trim() === '') return null;
  const attrs = attrsOf(node);
  const type = (attrs.type ?? 'text').trim().toLowerCase();
  if (attrs.mode?.trim().toLowerCase() === 'base64') return null;
  if (type === 'html' || type === 'xhtml' || type === 'text/html' || type === 'application/xhtml+xml') {
    return { value: text, type: 'html' };
  }
  if (type === 'text' || type === 'text/plain') return { value: text, type: 'text' };
  // Other media types (images, JSON…) are not a readable body.
  return null;
}

interface AtomLink { href: string; type: string | null; length: number | null }

function linksWithRel(element: XmlElement, rel: string): AtomLink[] {
  const links: AtomLink[] = [];
  for (const node of nodesOf(element, 'link')) {
    const attrs = attrsOf(node);
    const href = attrs.href?.trim();
    if (!href || (attrs.rel?.trim().toLowerCase() || 'alternate') !== rel) continue;
    links.push({ href, type: attrs.type?.trim() || null, length: toLength(attrs.length) });
  }
  return links;
}

function findLink(element: XmlElement, rel: string): AtomLink | null {
  const links = linksWithRel(element, rel);
  // Several alternates (translations, formats): prefer the HTML page.
  return links.find((link) => link.type === null || /html/i.test(link.type)) ?? links[0] ?? null;
}

function linkEnclosures(entry: XmlElement): RawEnclosure[] {
  return linksWithRel(entry, 'enclosure').map((link) => ({ url: link.href, type: link.type, length: link.length }));
}

function findAuthors(element: XmlElement): string | null {
  const names = nodesOf(element, 'author')
    .map((node) => (typeof node === 'object' && node !== null ? firstText(node as XmlElement, 'name') : textOf(node)?.trim()))
    .filter((name): name is string => Boolean(name));
  return names.length > 0 ? [...new Set(names)].join(', ') : null;
}

function findCategories(entry: XmlElement): string[] {
  const categories: string[] = [];
  for (const node of nodesOf(entry, 'category')) {
    const attrs = attrsOf(node);
    const name = attrs.term?.trim() || attrs.label?.trim() || textOf(node)?.trim();
    if (name) categories.push(name);
  }
  return [...categories, ...allTexts(entry, 'dc:subject')];
}
