/**
 * The seam for HTML pages. Scraping them (config selectors, JSON-LD, OpenGraph) belongs to another
 * module; here an HTML page is an error that tells the operator what to do, naming the feeds the
 * page advertises when it has any.
 */
import { WiredeskError } from '../model/errors.js';
import { sniffDocument } from './detect-format.js';

const LINK_TAG = /<link\b[^>]*>/gi;
const ATTRIBUTE = /([^\s=<>/"']+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/g;
const FEED_TYPES = /^application\/(?:rss\+xml|atom\+xml|feed\+json|json)$/i;

/** Feed URLs advertised by `<link rel="alternate" type="application/rss+xml" href="…">`. */
export function findFeedLinks(html: string, base: string | null): string[] {
  return findFeedLinksWithTypes(html, base).map((link) => link.href);
}

function findFeedLinksWithTypes(html: string, base: string | null): Array<{ href: string; type: string }> {
  const head = html.slice(0, 256 * 1024);
  const links: Array<{ href: string; type: string }> = [];
  for (const tag of head.match(LINK_TAG) ?? []) {
    const attrs = readAttributes(tag);
    const rel = (attrs.rel ?? '').toLowerCase().split(/\s+/);
    const type = (attrs.type ?? '').trim();
    if (!rel.includes('alternate') || !FEED_TYPES.test(type) || !attrs.href) continue;
    const href = absolute(attrs.href, base);
    if (href && !links.some((link) => link.href === href)) links.push({ href, type });
  }
  return links;
}

const PREFERRED_TYPE: Record<string, RegExp> = { rss: /rss/i, atom: /atom/i, json: /json/i };

/**
 * Autodiscovery: the feed an HTML page advertises, for a source whose URL points at the page.
 * Only for sources read as feeds (type auto, rss, atom, json): type "html" means scrape the page.
 * Among several feeds the one of the configured type comes first, else the page's first.
 */
export function discoverFeedUrl(text: string, url: string, type: 'auto' | 'rss' | 'atom' | 'json' | 'html' | 'newsml' | 'nitf'): string | null {
  if (type === 'html' || sniffDocument(text).format !== 'html') return null;
  const links = findFeedLinksWithTypes(text, url);
  const preferred = PREFERRED_TYPE[type];
  return (preferred ? links.find((link) => preferred.test(link.type)) : undefined)?.href ?? links[0]?.href ?? null;
}

export function htmlPageError(html: string, url: string | null): WiredeskError {
  const feeds = findFeedLinks(html, url);
  const hint = feeds.length > 0
    ? feeds.length === 1
      ? `it advertises a feed at ${feeds[0]}; use that URL`
      : `it advertises feeds at ${feeds.slice(0, 3).join(', ')}; use one of them`
    : 'point the source at its feed, or set type "html" with scrape selectors';
  return new WiredeskError('PARSE_UNKNOWN_FORMAT', `parse: ${url ?? 'document'} is an HTML page, not a feed; ${hint}`);
}

function readAttributes(tag: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const match of tag.matchAll(ATTRIBUTE)) {
    if (match[1]) attrs[match[1].toLowerCase()] = decodeBasicEntities(match[2] ?? match[3] ?? match[4] ?? '');
  }
  return attrs;
}

function decodeBasicEntities(value: string): string {
  return value.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
}

function absolute(href: string, base: string | null): string | null {
  try {
    const url = new URL(href.trim(), base ?? undefined);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
