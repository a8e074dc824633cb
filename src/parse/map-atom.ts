/** Atom 1.0 and 0.3 elements → FeedEntry / ParsedFeed. */
import type { FeedEntry, ParsedFeed, RawEnclosure } from '../model/entry.js';
import { findCategories } from './categories.js';
import { atomText, mediaDescription } from './text-construct.js';
import { firstNode, firstText, lastText, mediaEnclosures, nodesOf, rawEntry, resolveAgainst, toLength } from './xml-nodes.js';
import type { XmlElement, XmlFeedTree } from './xml-tree.js';

const HTML_LINK_TYPES = new Set(['text/html', 'application/xhtml+xml']);

export function mapAtomFeed(doc: XmlFeedTree): ParsedFeed {
  const feed = doc.root;
  const feedAuthor = findAuthors(feed);
  const title = atomText(firstNode(feed, 'title'));
  return {
    format: 'atom',
    title: title?.value.trim() || null,
    ...(title ? { titleType: title.type } : {}),
    link: findAtomLink(feed, 'link') ?? idAsLink(firstText(feed, 'id')),
    language: feed.lang,
    base: feed.base,
    entries: doc.entries.map((entry) => mapAtomEntry(entry, feedAuthor)),
  };
}

export function mapAtomEntry(entry: XmlElement, feedAuthor: string | null): FeedEntry {
  const contentNode = firstNode(entry, 'content');
  const id = firstText(entry, 'id', 'guid');
  return {
    guid: id,
    // An entry without an alternate link is best reached by its id when that id is a web URL.
    guidIsPermaLink: idAsLink(id) !== null,
    link: findAtomLink(entry, 'link'),
    base: entry.base,
    title: atomText(firstNode(entry, 'title')),
    summary: atomText(firstNode(entry, 'summary')) ?? mediaDescription(entry),
    // Out-of-line content (`src`) is a link to elsewhere, not a body.
    content: contentNode?.attrs.src ? null : atomText(contentNode),
    // Atom: an entry without an author inherits its source's, then the feed's.
    author: findAuthors(entry) ?? findAuthors(firstNode(entry, 'source')) ?? feedAuthor,
    published: firstText(entry, 'published', 'issued', 'created', 'dcterms:issued', 'dc:date'),
    updated: lastText(entry, 'updated') ?? firstText(entry, 'modified', 'dcterms:modified'),
    categories: findCategories(entry),
    enclosures: [...linkEnclosures(entry), ...mediaEnclosures(entry)],
    language: entry.attrs['xml:lang']?.trim() || null,
    dateline: null,
    raw: rawEntry(entry),
  };
}

/** An id that is a web URL is where the entry (or feed) lives when no alternate link says otherwise. */
function idAsLink(id: string | null): string | null {
  return id !== null && /^https?:\/\/\S+$/i.test(id) ? id : null;
}

interface AtomLink { href: string; type: string; length: number | null }

function linksWithRel(element: XmlElement | undefined, name: string, rel: string): AtomLink[] {
  const links: AtomLink[] = [];
  for (const node of nodesOf(element, name)) {
    // Atom 0.3-era feeds sometimes write the URL as the element's text instead of an href.
    const href = resolveAgainst(node.attrs.href ?? linkText(node), node);
    if (!href || (node.attrs.rel?.trim().toLowerCase() || 'alternate') !== rel) continue;
    links.push({ href, type: node.attrs.type?.trim().toLowerCase() || 'text/html', length: toLength(node.attrs.length) });
  }
  return links;
}

/** The text of an href-less link when it reads as a URL (absolute http(s), or a root-relative path), else nothing. */
function linkText(node: XmlElement): string | undefined {
  const text = node.text.trim();
  return /^(?:https?:\/\/|\/(?!\/))\S+$/i.test(text) ? text : undefined;
}

/** The HTML `rel="alternate"` link (translations and other formats come after it). */
export function findAtomLink(element: XmlElement | undefined, name: string): string | null {
  const links = linksWithRel(element, name, 'alternate');
  return (links.find((link) => HTML_LINK_TYPES.has(link.type)) ?? links[0])?.href ?? null;
}

function linkEnclosures(entry: XmlElement): RawEnclosure[] {
  return linksWithRel(entry, 'link', 'enclosure').map((link) => ({ url: link.href, type: link.type === 'text/html' ? null : link.type, length: link.length }));
}

function findAuthors(element: XmlElement | undefined): string | null {
  const names: string[] = [];
  for (const node of nodesOf(element, 'author', 'dc:creator')) {
    const name = node.children.length > 0 ? firstText(node, 'name', 'email') : node.text.trim();
    if (name) names.push(name);
  }
  return names.length > 0 ? [...new Set(names)].join(', ') : null;
}
