/**
 * RSS 2.0 through `feed`, with what feed 6 gets wrong done as item extensions (which it writes as
 * raw xml-js objects): `dc:creator` instead of a bare-name `<author>`, a correct `<enclosure>`,
 * `<source url>`, and the "also reported by" footer in `content:encoded`.
 */
import { Feed } from 'feed';
import type { Extension, Item as FeedItem } from 'feed';
import type { PreparedEntry, PreparedFeed, PreparedRelated } from './prepared.js';
import { attrForXmlJs, cdataForXmlJs, escapeMarkup, textForXmlJs } from './xml-text.js';
import { rssWireExtensions, WIRE_NAMESPACE } from './wire-extensions.js';

const NAMESPACES: Record<string, string> = {
  'xmlns:dc': 'http://purl.org/dc/elements/1.1/',
  'xmlns:content': 'http://purl.org/rss/1.0/modules/content/',
  'xmlns:atom': 'http://www.w3.org/2005/Atom',
};

export function renderRss(feed: PreparedFeed): string {
  const rss = new Feed({
    id: feed.selfUrls.atom,
    title: textForXmlJs(feed.title),
    description: textForXmlJs(feed.description),
    link: feed.homeUrl,
    feed: feed.selfUrls.rss,
    ...(feed.language === null ? {} : { language: feed.language }),
    ...(feed.hub === null ? {} : { hub: feed.hub }),
    updated: feed.updated,
    generator: 'wiredesk',
  });
  for (const entry of feed.entries) rss.addItem(toRssItem(entry, feed.language));
  const namespaces = feed.entries.some((e) => e.wire) ? { ...NAMESPACES, 'xmlns:wd': WIRE_NAMESPACE } : NAMESPACES;
  return declareNamespaces(rss.rss2(), namespaces);
}

function toRssItem(entry: PreparedEntry, feedLanguage: string | null): FeedItem {
  // content:encoded repeats the summary only when the footer needs a place to go.
  const content = withAlsoReportedBy(entry.contentHtml ?? (entry.related.length > 0 ? entry.summaryHtml : null), entry.related);
  return {
    title: cdataForXmlJs(entry.title),
    id: textForXmlJs(entry.id),
    link: entry.link ?? '',
    date: entry.updated,
    ...(entry.published === null ? {} : { published: entry.published }),
    ...(entry.summaryHtml === null ? {} : { description: cdataForXmlJs(entry.summaryHtml) }),
    ...(content === null ? {} : { content: cdataForXmlJs(content) }),
    category: entry.categories.map((name) => ({ name: textForXmlJs(name) })),
    extensions: rssExtensions(entry, feedLanguage),
  };
}

function rssExtensions(entry: PreparedEntry, feedLanguage: string | null): Extension[] {
  const extensions: Extension[] = [];
  // RSS 2.0 has no per-item update date; atom:updated is the one readers know.
  extensions.push({ name: 'atom:updated', objects: { _text: entry.updated.toISOString() } });
  if (entry.author !== null) extensions.push({ name: 'dc:creator', objects: { _text: textForXmlJs(entry.author) } });
  if (entry.language !== null && entry.language !== feedLanguage) {
    extensions.push({ name: 'dc:language', objects: { _text: entry.language } });
  }
  // RSS 2.0 readers disagree on several enclosures per item; the first one is the safe choice.
  const enclosure = entry.enclosures[0];
  if (enclosure !== undefined) {
    const attributes = { url: attrForXmlJs(enclosure.url), length: String(enclosure.length), type: attrForXmlJs(enclosure.type) };
    extensions.push({ name: 'enclosure', objects: { _attributes: attributes } });
  }
  if (entry.source.link !== null) {
    const objects = { _attributes: { url: attrForXmlJs(entry.source.link) }, _text: textForXmlJs(entry.source.title) };
    extensions.push({ name: 'source', objects });
  }
  return [...extensions, ...rssWireExtensions(entry.wire ?? null)];
}

/** The HTML footer naming the other sources that carried the story; null when nothing to say. */
export function withAlsoReportedBy(html: string | null, related: PreparedRelated[]): string | null {
  if (related.length === 0) return html;
  const links = related.map((version) =>
    version.url === null
      ? escapeMarkup(version.sourceTitle)
      : `<a href="${escapeMarkup(version.url)}" title="${escapeMarkup(version.title)}">${escapeMarkup(version.sourceTitle)}</a>`,
  );
  const footer = `<p>Also reported by: ${links.join(', ')}</p>`;
  return html === null ? footer : `${html}\n${footer}`;
}

/** feed 6 declares dc only when some item has content; we use dc:creator regardless. */
function declareNamespaces(xml: string, namespaces: Record<string, string>): string {
  return xml.replace(/<rss version="2\.0"([^>]*)>/, (_tag, attributes: string) => {
    const missing = Object.entries(namespaces)
      .filter(([name]) => !attributes.includes(`${name}=`))
      .map(([name, uri]) => ` ${name}="${uri}"`)
      .join('');
    return `<rss version="2.0"${attributes}${missing}>`;
  });
}
