/**
 * parse: decoded document text → ParsedFeed. The format is detected from the content; the
 * source's configured type only matters for 'html', which the scrape stage handles.
 */
import type { FeedFormat, ParsedFeed } from '../model/entry.js';
import { WiredeskError } from '../model/errors.js';
import { sniffDocument } from './detect-format.js';
import { htmlPageError } from './html-page.js';
import { parseJsonFeed } from './json-feed.js';
import { findAtomLink, mapAtomFeed } from './map-atom.js';
import { mapRssFeed } from './map-rss.js';
import { prepareXml } from './prepare-xml.js';
import { firstText, nodesOf } from './xml-nodes.js';
import { readXmlTree, rebaseTree } from './xml-tree.js';
import { isWireFormat, parseWireDocument } from './wire-format.js';
import type { XmlFeedTree } from './xml-tree.js';

export interface ParseOptions {
  /** Document URL, absolute (http(s): or file:); relative links resolve against it. */
  url: string;
  type?: 'auto' | 'rss' | 'atom' | 'json' | 'html' | 'newsml' | 'nitf';
}

/** Bigger documents are refused before parsing: the element tree is held in memory. */
export const MAX_DOCUMENT_CHARS = 32 * 1024 * 1024;
/** Entries beyond this are dropped (feeds list newest first; nobody publishes 5,000 a day). */
export const MAX_ENTRIES = 5000;

export async function parseDocument(text: string, options: ParseOptions): Promise<ParsedFeed> {
  const documentUrl = absoluteUrl(options.url);
  if (text.length > MAX_DOCUMENT_CHARS) {
    throw new WiredeskError('PARSE_INVALID', `parse: ${options.url} is ${text.length} characters, over the ${MAX_DOCUMENT_CHARS} limit; check the source URL`);
  }
  if (options.type === 'html') {
    throw new WiredeskError('PARSE_UNKNOWN_FORMAT', `parse: ${options.url} is configured as type "html"; HTML pages are read by the scrape stage, not parseDocument`);
  }
  const sniffed = sniffDocument(text);
  if (sniffed.format === 'html') throw htmlPageError(text, documentUrl ?? options.url);
  if (sniffed.format === null) {
    throw new WiredeskError('PARSE_UNKNOWN_FORMAT', `parse: ${options.url} looks like ${sniffed.looksLike}, not an RSS, Atom or JSON feed; check the source URL`);
  }
  // A prolog and nothing else (a generator that had no items wrote no channel either): no entries.
  if (sniffed.empty) return { format: sniffed.format, title: null, link: null, language: null, base: documentUrl, entries: [] };
  const feed = sniffed.format === 'json'
    ? parseJsonFeed(sniffed.json ?? text, documentUrl)
    : isWireFormat(sniffed.format) ? parseWireDocument(text, sniffed.format, documentUrl, options.url)
    : parseXml(text, sniffed.format, documentUrl, options.url);
  return feed.entries.length > MAX_ENTRIES ? { ...feed, entries: feed.entries.slice(0, MAX_ENTRIES) } : feed;
}

function parseXml(text: string, format: Exclude<FeedFormat, 'json' | 'html' | 'newsml' | 'nitf'>, documentUrl: string | null, label: string): ParsedFeed {
  let tree;
  try {
    const xml = prepareXml(text);
    tree = readXmlTree(xml, documentUrl);
    // A document without a web location (a file, a paste) resolves relative links against the
    // feed's own URL, as they would have been had it been fetched from there.
    const feedUrl = tree && !isWebUrl(documentUrl) ? feedOwnUrl(tree, format) : null;
    if (tree && feedUrl) tree = rebaseTree(tree, feedUrl) ?? readXmlTree(xml, feedUrl);
  } catch (err) {
    const reason = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    throw new WiredeskError('PARSE_INVALID', `parse: ${label} is not readable ${formatName(format)} (${reason}); the source publishes broken XML`, { cause: err });
  }
  if (!tree) {
    throw new WiredeskError('PARSE_INVALID', `parse: ${label} has no ${formatName(format)} element to read; the source publishes broken XML`);
  }
  return format === 'atom' ? mapAtomFeed(tree) : mapRssFeed(tree, format);
}

/** The feed's `rel="self"` link, else its site link, when absolute http(s). */
function feedOwnUrl(tree: XmlFeedTree, format: Exclude<FeedFormat, 'json' | 'html' | 'newsml' | 'nitf'>): string | null {
  const channel = format === 'atom' ? tree.root : tree.channel;
  const linkName = format === 'atom' ? 'link' : 'atom:link';
  const self = nodesOf(channel, linkName).find((node) => node.attrs.rel?.trim().toLowerCase() === 'self')?.attrs.href;
  const site = format === 'atom' ? findAtomLink(channel, 'link') : firstText(channel, 'link');
  return [self, site].find((url): url is string => isWebUrl(url?.trim() ?? null))?.trim() ?? null;
}

function isWebUrl(url: string | null): boolean {
  return url !== null && /^https?:\/\/[^/\s]/i.test(url);
}

function formatName(format: FeedFormat): string {
  return { rss: 'RSS', rdf: 'RSS 1.0 (RDF)', atom: 'Atom', json: 'JSON Feed', html: 'HTML', newsml: 'NewsML-G2', nitf: 'NITF' }[format];
}

function absoluteUrl(url: string): string | null {
  try {
    return new URL(url).href;
  } catch {
    return null;
  }
}
