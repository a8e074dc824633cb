/**
 * Atom 1.0 through `feed`, then spliced: feed 6 has no `xml:lang`, no `atom:source`, no related
 * links, guesses enclosure types from the file name and writes `<link/>` for an entry without URL.
 * Each entry carries a marker in `<rights>` (a control character no input can contain, since
 * prepareFeed strips them), which we replace with the elements we render ourselves.
 */
import { Feed } from 'feed';
import type { Item as FeedItem } from 'feed';
import { encodeUrnPart } from './prepare-feed.js';
import type { PreparedEntry, PreparedFeed } from './prepared.js';
import { cdataForXmlJs, escapeMarkup, textForXmlJs } from './xml-text.js';
import { atomTombstones, atomWireElements, TOMBSTONE_NAMESPACE, WIRE_NAMESPACE } from './wire-extensions.js';

const MARK = '\u0001';
const MARKER = new RegExp(`\\n *<rights>${MARK}\\d+${MARK}</rights>`);
const ENTRY_INDENT = '\n        ';
/** The head feed writes for each entry: everything in it is text we escaped, so no stray `<`. */
const ENTRY_HEAD = /<entry>\s*<title type="html"><!\[CDATA\[[^<]*\]\]><\/title>(\s*<id>[^<]*<\/id>)(?:\s*<link\/>)?/y;

export function renderAtom(feed: PreparedFeed): string {
  const atom = new Feed({
    id: feed.selfUrls.atom,
    title: textForXmlJs(feed.title),
    ...(feed.description === '' ? {} : { description: textForXmlJs(feed.description) }),
    link: feed.homeUrl,
    feed: feed.selfUrls.atom,
    ...(feed.hub === null ? {} : { hub: feed.hub }),
    updated: feed.updated,
    generator: 'wiredesk',
    // Atom requires an author on the feed unless every entry has one.
    author: { name: textForXmlJs(feed.title) },
  });
  feed.entries.forEach((entry, index) => atom.addItem(toAtomItem(entry, index)));
  return addWireParts(spliceEntries(addFeedLanguage(atom.atom1(), feed.language), feed.entries), feed);
}

/** Declares the wiredesk and tombstone namespaces when used, and lists killed items before `</feed>`. */
function addWireParts(xml: string, feed: PreparedFeed): string {
  const tombstones = feed.deleted ?? [];
  const hasWire = feed.entries.some((e) => e.wire);
  if (!hasWire && tombstones.length === 0) return xml;
  const namespaces = `${hasWire ? ` xmlns:wd="${WIRE_NAMESPACE}"` : ''}${tombstones.length > 0 ? ` xmlns:at="${TOMBSTONE_NAMESPACE}"` : ''}`;
  const declared = xml.replace('<feed xmlns="http://www.w3.org/2005/Atom"', `<feed xmlns="http://www.w3.org/2005/Atom"${namespaces}`);
  const end = declared.lastIndexOf('</feed>');
  return end < 0 || tombstones.length === 0 ? declared : `${declared.slice(0, end)}${atomTombstones(tombstones).trimEnd()}\n${declared.slice(end)}`;
}

function toAtomItem(entry: PreparedEntry, index: number): FeedItem {
  // feed types `link` as required, but passes it to `new URL()` when present: '' would throw.
  return {
    // Escaped so the entry head stays free of `<`; fixEntryHead rewrites it as a text title.
    title: escapeMarkup(entry.title),
    id: entry.id,
    ...(entry.link === null ? {} : { link: entry.link }),
    date: entry.updated,
    ...(entry.published === null ? {} : { published: entry.published }),
    ...(entry.summaryHtml === null ? {} : { description: cdataForXmlJs(entry.summaryHtml) }),
    ...(atomContent(entry) === null ? {} : { content: cdataForXmlJs(atomContent(entry) ?? '') }),
    ...(entry.author === null ? {} : { author: [{ name: textForXmlJs(entry.author) }] }),
    copyright: `${MARK}${index}${MARK}`,
  } as FeedItem;
}

/**
 * RFC 4287 §4.1.1: an entry without atom:content MUST have an alternate link. An entry whose URL
 * was dropped (relative, junk) gets its summary, else its title, as content instead.
 */
function atomContent(entry: PreparedEntry): string | null {
  if (entry.contentHtml !== null) return entry.contentHtml;
  if (entry.link !== null) return null;
  return entry.summaryHtml ?? `<p>${escapeMarkup(entry.title)}</p>`;
}

function addFeedLanguage(xml: string, language: string | null): string {
  if (language === null) return xml;
  return xml.replace('<feed xmlns="http://www.w3.org/2005/Atom">', `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeMarkup(language)}">`);
}

/** Splits at the markers: part i holds the head of entry i, its tail goes where marker i was. */
function spliceEntries(xml: string, entries: PreparedEntry[]): string {
  const parts = xml.split(MARKER);
  return parts
    .map((part, index) => {
      const entry = entries[index];
      if (entry === undefined) return part;
      return fixEntryHead(part, entry) + renderEntryTail(entry).map((element) => ENTRY_INDENT + element).join('');
    })
    .join('');
}

function fixEntryHead(part: string, entry: PreparedEntry): string {
  ENTRY_HEAD.lastIndex = part.indexOf('<entry>');
  const match = ENTRY_HEAD.exec(part);
  if (match === null) return part;
  const open = entry.language === null ? '<entry>' : `<entry xml:lang="${escapeMarkup(entry.language)}">`;
  // feed writes titles as type="html", which readers show with entities; ours are plain text.
  // An entry without URL loses feed's `<link/>` without href (the optional group, not kept).
  const head = `${open}${ENTRY_INDENT}<title type="text">${escapeMarkup(entry.title)}</title>${match[1] ?? ''}`;
  return part.slice(0, match.index) + head + part.slice(match.index + match[0].length);
}

function renderEntryTail(entry: PreparedEntry): string[] {
  const categories = entry.categories.map((term) => `<category term="${escapeMarkup(term)}"/>`);
  const enclosures = entry.enclosures.map(
    (e) => `<link rel="enclosure" href="${escapeMarkup(e.url)}" type="${escapeMarkup(e.type)}"${e.length > 0 ? ` length="${e.length}"` : ''}/>`,
  );
  const related = entry.related.flatMap((version) =>
    version.url === null ? [] : [`<link rel="related" href="${escapeMarkup(version.url)}" title="${escapeMarkup(version.sourceTitle)}"/>`],
  );
  return [...categories, ...enclosures, ...related, ...atomWireElements(entry.wire ?? null), renderSource(entry)];
}

function renderSource(entry: PreparedEntry): string {
  const { source } = entry;
  const id = source.link ?? `urn:wiredesk:source:${encodeUrnPart(source.id)}`;
  const link = source.link === null ? '' : `<link rel="alternate" href="${escapeMarkup(source.link)}"/>`;
  // The W3C validator requires id, title and updated in atom:source (RFC 4287 says SHOULD); we do not
  // know when the source feed last changed, so the entry's own date stands in (never later than it).
  const updated = `<updated>${entry.updated.toISOString()}</updated>`;
  return `<source><id>${escapeMarkup(id)}</id><title>${escapeMarkup(source.title)}</title>${updated}${link}</source>`;
}
