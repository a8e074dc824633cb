/**
 * CuratedFeed -> PreparedFeed: clean every string, keep only absolute http(s) URLs (feed 6 throws
 * `TypeError: Invalid URL` on anything else), pick entry ids and dates once for all formats.
 */
import type { CuratedEntry, CuratedFeed, OutputFormat } from '../model/curated.js';
import type { Enclosure } from '../model/item.js';
import { WiredeskError } from '../model/errors.js';
import type { PreparedEnclosure, PreparedEntry, PreparedFeed, PreparedRelated } from './prepared.js';
import { stripXmlIllegal } from './xml-text.js';

export const FEED_EXTENSIONS: Record<OutputFormat, string> = { rss: 'rss', atom: 'atom', json: 'json' };

const ABSOLUTE_URI = /^[a-z][a-z0-9+.-]+:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/i;
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
  const selfUrl = (format: OutputFormat) => `${baseUrl}/feeds/${encodeURIComponent(feed.id)}.${FEED_EXTENSIONS[format]}`;
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
  };
}

function prepareEntry(entry: CuratedEntry, usedIds: Set<string>): PreparedEntry {
  const { item, source } = entry;
  const published = toDate(item.published);
  return {
    id: pickEntryId(item.guid, item.id, usedIds),
    title: clean(item.title),
    link: toHttpUrl(item.url),
    summaryHtml: cleanOrNull(item.summary),
    contentHtml: cleanOrNull(item.contentHtml),
    author: cleanOrNull(item.author),
    categories: [...new Set(item.categories.map(clean).filter((c) => c !== ''))],
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
  };
}

/**
 * One id rule for every format: the guid when it is an absolute URI (normalized by the URL parser,
 * as Atom readers would), else a URN from our stable item id. A guid already used by an earlier
 * entry falls back to the URN so readers never merge two stories.
 */
export function pickEntryId(guid: string | null, itemId: string, usedIds: Set<string>): string {
  const candidate = guid === null ? null : toAbsoluteUri(clean(guid).trim());
  const id = candidate !== null && !usedIds.has(candidate) ? candidate : `urn:wiredesk:item:${encodeURIComponent(itemId)}`;
  usedIds.add(id);
  return id;
}

function toAbsoluteUri(value: string): string | null {
  if (!ABSOLUTE_URI.test(value)) return null;
  try {
    return new URL(value).href;
  } catch {
    return null;
  }
}

/** Absolute http(s) URL, normalized, or null: the only kind of URL emit ever hands to `feed`. */
export function toHttpUrl(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(clean(value).trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function prepareEnclosure(enclosure: Enclosure): PreparedEnclosure[] {
  const url = toHttpUrl(enclosure.url);
  if (url === null) return [];
  const length = enclosure.length !== null && Number.isSafeInteger(enclosure.length) && enclosure.length > 0 ? enclosure.length : 0;
  return [{ url, type: enclosureType(enclosure.type, url), length }];
}

function enclosureType(type: string | null, url: string): string {
  const declared = type?.split(';')[0]?.trim().toLowerCase();
  if (declared && MIME_TYPE.test(declared)) return declared;
  const extension = new URL(url).pathname.split('.').pop()?.toLowerCase() ?? '';
  return MIME_BY_EXTENSION[extension] ?? 'application/octet-stream';
}

function toLanguage(value: string | null | undefined): string | null {
  const tag = value?.trim();
  return tag && LANGUAGE_TAG.test(tag) ? tag : null;
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
