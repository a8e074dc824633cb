/**
 * Article pages through the pages cache: a page already extracted is reused without a request while
 * it is fresh (or, for full-text items, while the item is unchanged); otherwise it is fetched with
 * its stored validators (conditional GET) and re-extracted only when its bytes changed.
 */
import { createHash } from 'node:crypto';
import { decodeBody } from '../decode/decode-body.js';
import { fetchResource, type FetchOptions, type FetchResult } from '../fetch/fetch-resource.js';
import type { PagesPort } from '../store/pages-table.js';
import type { ExtractedPage } from '../scrape/extract-article.js';

export type PageFetcher = (url: string, validators: { etag: string | null; lastModified: string | null }) => Promise<FetchResult>;

export interface PageSupport {
  fetchPage: PageFetcher;
  /** Null for one-off reads (`wiredesk parse`): every page is fetched. */
  cache: PagesPort | null;
  now: () => Date;
}

/** Listing-page articles are revalidated after this long; before, the cached extraction stands. */
export const REVALIDATE_AFTER_MS = 6 * 3600_000;
/** Bumped when extraction changes, so cached extractions made by older code are redone. */
const EXTRACTOR_VERSION = 'scrape-2';

export interface LoadedPage {
  page: ExtractedPage;
  /** Whether a request was made (a 304 counts). */
  requested: boolean;
}

export async function loadPage(
  url: string,
  support: PageSupport,
  extract: (html: string, finalUrl: string, lastModified: string | null) => Promise<ExtractedPage>,
  keys: { itemKey: string | null; configKey: string },
): Promise<LoadedPage> {
  const cached = (await support.cache?.get(url)) ?? null;
  const at = support.now();
  const usable = cached !== null && cached.contentHash.startsWith(`${keyOf(keys.configKey)}:`);
  if (usable && isFresh(cached.fetchedAt, cached.itemKey, keys.itemKey, at)) {
    return { page: JSON.parse(cached.extracted) as ExtractedPage, requested: false };
  }
  const fetched = await support.fetchPage(url, { etag: usable ? cached.etag : null, lastModified: usable ? cached.lastModified : null });
  if (fetched.notModified && usable) {
    await support.cache?.touch(url, at.toISOString(), keys.itemKey);
    return { page: JSON.parse(cached.extracted) as ExtractedPage, requested: true };
  }
  const contentHash = `${keyOf(keys.configKey)}:${createHash('sha256').update(fetched.body).digest('hex').slice(0, 32)}`;
  if (usable && cached.contentHash === contentHash) {
    await support.cache?.touch(url, at.toISOString(), keys.itemKey);
    return { page: JSON.parse(cached.extracted) as ExtractedPage, requested: true };
  }
  const page = await extract(decodeBody(fetched.body, fetched.contentType).text, fetched.url, fetched.lastModified);
  await support.cache?.put({
    url, etag: fetched.etag, lastModified: fetched.lastModified, fetchedAt: at.toISOString(),
    contentHash, itemKey: keys.itemKey, extracted: JSON.stringify(page),
  });
  return { page, requested: true };
}

/** Full-text items: fresh while the item is unchanged. Listing articles: fresh for a while. */
function isFresh(fetchedAt: string, cachedItemKey: string | null, itemKey: string | null, now: Date): boolean {
  if (itemKey !== null) return cachedItemKey === itemKey;
  return now.getTime() - Date.parse(fetchedAt) < REVALIDATE_AFTER_MS;
}

/** The extractor version and the source's scrape settings: either changing invalidates the cache. */
function keyOf(configKey: string): string {
  return createHash('sha256').update(`${EXTRACTOR_VERSION}\u0000${configKey}`).digest('hex').slice(0, 12);
}

export function hashKey(...parts: Array<string | null>): string {
  return createHash('sha256').update(parts.map((p) => p ?? '').join('\u0000')).digest('hex').slice(0, 32);
}

/** Article pages go through the same fetcher and the same host limiter as the source itself. */
export function createPageSupport(options: {
  /** Source credentials included: fetch sends them only to the source's own origin. */
  limits: Pick<FetchOptions, 'timeoutMs' | 'maxBytes' | 'userAgent' | 'policy' | 'credentials'>;
  throttle: <T>(url: string, fn: () => Promise<T>) => Promise<T>;
  cache: PagesPort | null;
  now: () => Date;
}): PageSupport {
  return {
    fetchPage: (url, validators) => options.throttle(url, () =>
      fetchResource(url, { ...options.limits, etag: validators.etag, lastModified: validators.lastModified, accept: PAGE_ACCEPT })),
    cache: options.cache,
    now: options.now,
  };
}

/** Pages first; feeds acceptable too, since autodiscovery fetches an advertised feed through the same fetcher. */
const PAGE_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, application/rss+xml;q=0.8, application/atom+xml;q=0.8, application/feed+json;q=0.8, application/xml;q=0.7, */*;q=0.1';
