/**
 * Which kind of document this is, judged by its content only: file names and content types lie
 * (`.rss` files holding Atom, HTML served as application/rss+xml).
 */
import type { FeedFormat } from '../model/entry.js';
import { readProlog, rootNamespace, stripLeadingNoise } from './xml-prolog.js';
import type { RootTag } from './xml-prolog.js';
import { wireFormatOfRoot } from './wire-format.js';

export interface SniffResult {
  format: FeedFormat | null;
  /** What the document looks like, for error messages: "an HTML page", "an XML document with root <opml>". */
  looksLike: string;
  root: RootTag | null;
  /** The parsed JSON when the document is JSON (undefined when it is not, or does not parse). */
  json?: unknown;
  /** An XML prolog (declaration, comments) with no element at all: an empty feed, not an error. */
  empty?: true;
}

/**
 * Atom 1.0, 0.3, and the names the format went by before it was Atom (Echo, Pie, "necho",
 * "newformat"): early generators still write them, and Universal Feed Parser reads them as Atom.
 */
export const ATOM_NAMESPACES = [
  'http://www.w3.org/2005/Atom', 'http://purl.org/atom/ns#', 'http://purl.org/echo/', 'http://purl.org/pie/',
  'http://example.com/newformat#', 'http://example.com/necho', 'uri/of/echo/namespace#',
];
const RSS1_NAMESPACES = ['http://purl.org/rss/1.0/', 'http://my.netscape.com/rdf/simple/0.9/'];
const XHTML_NAMESPACE = 'http://www.w3.org/1999/xhtml';
/** Roots that mean "this is a web page" even without `<html>` (fragments, sloppy pages). */
const HTML_ROOTS = new Set(['html', 'head', 'body', 'meta', 'title', 'div', 'script', 'link', 'p', 'span', 'a', 'table']);

export function detectFormat(text: string): FeedFormat | null {
  return sniffDocument(text).format;
}

export function sniffDocument(text: string): SniffResult {
  const body = stripLeadingNoise(text);
  if (body === '') return { format: null, looksLike: 'an empty document', root: null };
  if (body.startsWith('{') || body.startsWith('[')) return sniffJson(body);
  if (body.startsWith('<')) return sniffMarkup(body);
  return { format: null, looksLike: `plain text starting with ${quoteStart(body)}`, root: null };
}

function sniffJson(body: string): SniffResult {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    // Looks like JSON but does not parse: parsing will report PARSE_INVALID with the reason.
    return body.startsWith('{')
      ? { format: 'json', looksLike: 'a malformed JSON document', root: null }
      : { format: null, looksLike: 'a malformed JSON array', root: null };
  }
  if (isJsonFeed(json)) return { format: 'json', looksLike: 'a JSON Feed', root: null, json };
  return { format: null, looksLike: 'a JSON document that is not a JSON Feed (no jsonfeed.org version, no items)', root: null, json };
}

export function isJsonFeed(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  if (typeof record.version === 'string' && /jsonfeed\.org/i.test(record.version)) return true;
  return Array.isArray(record.items) && typeof record.title === 'string';
}

function sniffMarkup(body: string): SniffResult {
  const { root, doctypeName } = readProlog(body);
  // An HTML DOCTYPE pasted above a feed (templates do it) does not make the feed a page.
  const rootFormat = root ? formatOfRoot(root) : null;
  const isPage = doctypeName === 'html' && (rootFormat === null || rootFormat === 'html');
  // An XHTML page (XML, namespaced) may still wrap a feed: looked into below; other pages are pages.
  if (isPage && root?.attrs.xmlns !== XHTML_NAMESPACE) return { format: 'html', looksLike: 'an HTML page', root };
  if (!root) {
    if (/<html[\s>]/i.test(body.slice(0, 4096))) return { format: 'html', looksLike: 'an HTML page', root: null };
    if (isPrologOnly(body)) return { format: 'rss', looksLike: 'an XML document without elements', root: null, empty: true };
    return { format: null, looksLike: `markup without a readable root element, starting with ${quoteStart(body)}`, root: null };
  }
  const format = formatOfRoot(root);
  // RSS or Atom inside an XHTML page (or another wrapper): read the feed it carries.
  if (format === 'html' || format === null) {
    const embedded = embeddedFeed(body);
    if (embedded) return { format: embedded, looksLike: `an ${embedded === 'rss' ? 'RSS channel' : 'Atom feed'} inside another document`, root };
  }
  return { format, looksLike: describeRoot(root), root };
}

/** Nothing but a declaration, comments and processing instructions (the document has no element). */
function isPrologOnly(body: string): boolean {
  return body.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, '').trim() === '';
}

/**
 * An RSS channel with items, or an Atom `<feed>` in an Atom namespace, wherever it sits (searched
 * without backtracking over big pages).
 */
function embeddedFeed(body: string): 'rss' | 'atom' | null {
  const rss = body.search(/<(?:rss|channel)[\s>]/i);
  if (rss >= 0 && /<item[\s/>]/i.test(body.slice(rss))) return 'rss';
  const atom = /<(?:[A-Za-z_][\w.-]*:)?feed[\s>]/.exec(body);
  if (!atom) return null;
  const hasEntry = /<(?:[\w.-]+:)?entry[\s/>]/.test(body.slice(atom.index));
  return hasEntry && ATOM_NAMESPACES.some((uri) => body.includes(uri)) ? 'atom' : null;
}

function formatOfRoot(root: RootTag): FeedFormat | null {
  const local = root.localName;
  const namespace = rootNamespace(root);
  if (HTML_ROOTS.has(local.toLowerCase())) return 'html';
  // `<channel>` roots are RSS 0.9x fragments and CDF-like channels.
  if (local.toLowerCase() === 'rss' || local.toLowerCase() === 'channel') return 'rss';
  if (local.toLowerCase() === 'rdf') return hasRss1Namespace(root) ? 'rdf' : null;
  // A `<feed>` without any namespace is a sloppy Atom feed; one in a foreign namespace is not Atom.
  if (local === 'feed') return namespace === null || ATOM_NAMESPACES.includes(namespace) ? 'atom' : null;
  return wireFormatOfRoot(local);
}

function hasRss1Namespace(root: RootTag): boolean {
  return Object.entries(root.attrs).some(
    ([name, value]) => name.startsWith('xmlns') && RSS1_NAMESPACES.includes(value.replace(/\s+/g, '')),
  );
}

function describeRoot(root: RootTag): string {
  const format = formatOfRoot(root);
  if (format === 'html') return 'an HTML page';
  if (format === 'rss') return 'an RSS document';
  if (format === 'rdf') return 'an RSS 1.0 (RDF) document';
  if (format === 'atom') return 'an Atom document';
  if (format === 'newsml') return 'a NewsML-G2 document';
  if (format === 'nitf') return 'an NITF document';
  if (root.localName === 'RDF') return 'an RDF document without the RSS 1.0 namespace';
  if (root.localName === 'feed') return `a <feed> document in the namespace ${rootNamespace(root) ?? '(none)'}, not Atom`;
  return `an XML document with root <${root.name}>`;
}

function quoteStart(body: string): string {
  const start = body.slice(0, 40).replace(/\s+/g, ' ');
  return JSON.stringify(body.length > 40 ? `${start}…` : start);
}
