/**
 * CuratedFeed -> PreparedFeed: clean every string, keep only absolute http(s) URLs (feed 6 throws
 * `TypeError: Invalid URL` on anything else), pick entry ids and dates once for all formats.
 */
import type { CuratedEntry, CuratedFeed, OutputFormat } from '../model/curated.js';
import type { Enclosure } from '../model/item.js';
import { WiredeskError } from '../model/errors.js';
import type { PreparedEnclosure, PreparedEntry, PreparedFeed, PreparedRelated } from './prepared.js';
import { stripXmlIllegal } from './xml-text.js';
import { correctionCategories, correctionTitle, prepareTombstones, prepareWire } from './wire-extensions.js';

export const FEED_EXTENSIONS: Record<OutputFormat, string> = { rss: 'rss', atom: 'atom', json: 'json' };

/**
 * The W3C feed validator's URI rules (validators.py rfc2396_full, urn_re, tag_re): ids and links
 * outside them are errors there, even when RFC 3986 would allow them (`[`, `]`, `~` in a URN).
 */
const ABSOLUTE_URI = /^[a-zA-Z][0-9a-zA-Z+\-.]*:(\/\/)?[0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,#]+$/;
const URN = /^urn:[a-zA-Z0-9][a-zA-Z0-9-]{1,31}:([a-zA-Z0-9()+,.:=@;$_!*'-]|%[0-9A-Fa-f]{2})+$/;
const TAG_URI = /^tag:([a-z0-9\-._]+?@)?[a-z0-9.-]+?,\d{4}(-\d{2}(-\d{2})?)?:[0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,#]+$/;
/** Characters the validator refuses in a URL but the WHATWG URL parser leaves as they are. */
const URL_UNSAFE = /[^0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,#]/g;
const LANGUAGE_TAG = /^[a-z]{1,8}(-[a-z0-9]{1,8})*$/i;
const MIME_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;

/** Enclosures without a type: enough to get podcasts and photos right, not a MIME database. */
const MIME_BY_EXTENSION: Record<string, string> = {
  mp3: 'audio/mpeg', m4a: 'audio/mp4', aac: 'audio/aac', ogg: 'audio/ogg', opus: 'audio/ogg',
  wav: 'audio/wav', mp4: 'video/mp4', webm: 'video/webm', jpg: 'image/jpeg', jpeg: 'image/jpeg',
  png: 'image/png', gif: 'image/gif', webp: 'image/webp', pdf: 'application/pdf',
};

export function prepareFeed(feed: CuratedFeed): PreparedFeed {
  const baseUrl = toHttpUrl(feed.baseUrl)?.replace(/\/+$/, '');
  if (baseUrl === undefined) {
    throw new WiredeskError('EMIT_FAILED', `emit: feed "${feed.id}" has no absolute http(s) base URL ("${feed.baseUrl}"); set server.baseUrl`);
  }
  const selfUrl = (format: OutputFormat) =>
    toHttpUrl(`${baseUrl}${feed.selfPaths?.[format] ?? feedPath(feed.id, format)}`) ?? baseUrl;
  const usedIds = new Set<string>();
  return {
    id: feed.id,
    title: clean(feed.title),
    description: clean(feed.description),
    language: toLanguage(feed.language),
    homeUrl: `${baseUrl}/`,
    selfUrls: { rss: selfUrl('rss'), atom: selfUrl('atom'), json: selfUrl('json') },
    hub: feed.hub ? toHttpUrl(feed.hub) : null,
    updated: toDate(feed.updated) ?? new Date(0),
    entries: feed.entries.map((entry) => prepareEntry(entry, usedIds)),
    deleted: prepareTombstones(feed.deleted, ({ item }) => pickEntryId(item.guid, item.id, new Set())),
  };
}

export function feedPath(id: string, format: OutputFormat): string {
  return `/feeds/${encodeURIComponent(id)}.${FEED_EXTENSIONS[format]}`;
}

/** The self URL of a curated feed, exactly as its self link writes it (WebSub topics must match). */
export function feedSelfUrl(baseUrl: string, id: string, format: OutputFormat): string | null {
  const base = toHttpUrl(baseUrl)?.replace(/\/+$/, '');
  return base === undefined ? null : toHttpUrl(`${base}${feedPath(id, format)}`);
}

function prepareEntry(entry: CuratedEntry, usedIds: Set<string>): PreparedEntry {
  const { item, source } = entry;
  const published = toDate(item.published);
  const wire = prepareWire(item.editorial);
  return {
    id: pickEntryId(item.guid, item.id, usedIds),
    title: correctionTitle(clean(item.title), wire),
    link: toHttpUrl(item.url),
    summaryHtml: cleanOrNull(item.summary),
    contentHtml: cleanOrNull(item.contentHtml),
    author: cleanOrNull(item.author),
    categories: correctionCategories([...new Set(item.categories.map(clean).filter((c) => c !== ''))], wire),
    enclosures: item.enclosures.flatMap(prepareEnclosure),
    published,
    updated: toDate(item.updated) ?? published ?? toDate(item.fetchedAt) ?? new Date(0),
    language: toLanguage(item.language),
    storyId: clean(item.storyId),
    source: { id: clean(source.id), title: clean(source.title), link: toHttpUrl(source.link) },
    related: entry.alsoReportedBy.map(
      (version): PreparedRelated => ({
        sourceId: clean(version.source.id),
        sourceTitle: clean(version.source.title),
        title: clean(version.title),
        url: toHttpUrl(version.url),
      }),
    ),
    wire,
  };
}

/**
 * One id rule for every format: the guid when it is an absolute URI (normalized by the URL parser,
 * as Atom readers would), else a URN from our stable item id. A guid already used by an earlier
 * entry falls back to the URN so readers never merge two stories.
 */
export function pickEntryId(guid: string | null, itemId: string, usedIds: Set<string>): string {
  const candidate = guid === null ? null : toAbsoluteUri(clean(guid).trim());
  const id = candidate !== null && !usedIds.has(candidate) ? candidate : `urn:wiredesk:item:${encodeUrnPart(itemId)}`;
  usedIds.add(id);
  return id;
}

/** Schemes an entry id may keep: readers use an id as the entry's link when it has none (`javascript:` must never get there). */
const SAFE_ID_SCHEMES = new Set(['http', 'https', 'tag', 'urn', 'ftp', 'info', 'doi', 'ni']);

function toAbsoluteUri(value: string): string | null {
  if (!ABSOLUTE_URI.test(value)) return null;
  if (!SAFE_ID_SCHEMES.has(value.slice(0, value.indexOf(':')).toLowerCase())) return null;
  if (/^urn:/i.test(value)) return URN.test(value) ? value : null;
  if (/^tag:/i.test(value)) return TAG_URI.test(value) ? value : null;
  try {
    const href = new URL(value).href;
    return ABSOLUTE_URI.test(href) ? href : null;
  } catch {
    return null;
  }
}

/** A URN's specific part: percent-encodes what encodeURIComponent keeps but the URN rule refuses (`~`). */
export function encodeUrnPart(value: string): string {
  return encodeURIComponent(value).replace(/~/g, '%7E');
}

/** Absolute http(s) URL, normalized, or null: the only kind of URL emit ever hands to `feed`. */
export function toHttpUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(clean(value).trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    // An IPv6 host keeps its brackets: encoding them would change the URL (the validator refuses it anyway).
    if (url.host.startsWith('[')) return url.href;
    return url.href.replace(URL_UNSAFE, (ch) => encodeURIComponent(ch));
  } catch {
    return null;
  }
}

/** The validator's httpURL rule for enclosure URLs: a dotted host name or an IPv4 address. */
const ENCLOSURE_URL = /^https?:\/\/(([0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.)|(([A-Z0-9-]+\.)+))([A-Z0-9][-A-Z0-9]*)(?::\d+)?(\/|$)/i;

function prepareEnclosure(enclosure: Enclosure): PreparedEnclosure[] {
  const url = toHttpUrl(enclosure.url);
  if (url === null || !ENCLOSURE_URL.test(url)) return [];
  const length = enclosure.length !== null && Number.isSafeInteger(enclosure.length) && enclosure.length > 0 ? enclosure.length : 0;
  return [{ url, type: enclosureType(enclosure.type, url), length }];
}

function enclosureType(type: string | null, url: string): string {
  const declared = type?.split(';')[0]?.trim().toLowerCase();
  if (declared && MIME_TYPE.test(declared)) return declared;
  const extension = new URL(url).pathname.split('.').pop()?.toLowerCase() ?? '';
  return MIME_BY_EXTENSION[extension] ?? 'application/octet-stream';
}

const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/**
 * A language tag whose primary subtag is a known ISO 639 code, else null: the validator checks
 * `language`, `dc:language` and `xml:lang` against ISO 639 (InvalidLanguage is an error there).
 */
export function toLanguage(value: string | null | undefined): string | null {
  const tag = value?.trim().replace(/_/g, '-');
  if (!tag || !LANGUAGE_TAG.test(tag)) return null;
  const primary = tag.split('-')[0]?.toLowerCase() ?? '';
  return /^[a-z]{2,3}$/.test(primary) && LANGUAGE_NAMES.of(primary) !== undefined ? tag : null;
}

function toDate(value: string | null | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function clean(value: string): string {
  return stripXmlIllegal(value);
}

function cleanOrNull(value: string | null): string | null {
  if (value === null) return null;
  const cleaned = clean(value);
  return cleaned.trim() === '' ? null : cleaned;
}
