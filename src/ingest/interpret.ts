/** Fetched bytes → normalized items: decode, parse, normalize. Shared by ingest and `wiredesk parse`. */
import { decodeBody } from '../decode/decode-body.js';
import type { FetchResult } from '../fetch/fetch-resource.js';
import { coerceError } from '../model/errors.js';
import type { FeedMeta, NormalizedItem } from '../model/item.js';
import { normalizeEntry, normalizeFeedMeta } from '../normalize/normalize-entry.js';
import { parseDocument } from '../parse/parse-document.js';
import { discoverFeedUrl } from '../parse/html-page.js';
import type { ScrapeConfig } from '../config/schema.js';
import { addFullText } from '../scrape/full-text.js';
import type { PageSupport } from '../scrape/page-loader.js';
import { scrapeDocument, shouldScrape } from '../scrape/scrape-document.js';

/** The raw entry kept per item for re-normalization is capped: a hostile feed cannot bloat the store. */
const MAX_RAW_CHARS = 256 * 1024;

export interface InterpretOptions {
  type?: 'auto' | 'rss' | 'atom' | 'json' | 'html';
  language?: string | null;
  timezone?: string | null;
  titleCase?: 'keep' | 'sentence';
  /** type "html" sources and full text: the source's selectors (all optional). */
  scrape?: ScrapeConfig | undefined;
  /** Fetch each item's linked page and put its body in contentHtml. */
  fullText?: boolean;
  /** With type "auto", scrape an HTML page that links no feed (`wiredesk parse`); sources must say type "html". */
  scrapeHtmlPages?: boolean;
  /** How article pages are fetched and cached; listing pages and full text need it. */
  pages?: PageSupport | undefined;
  /** Follow the feed an HTML page advertises (autodiscovery, needs `pages`); false once followed. */
  followFeedLink?: boolean;
}

export interface Interpreted {
  meta: FeedMeta;
  items: Array<{ item: NormalizedItem; raw: string | null }>;
  /** Entries that could not be normalized, with why. */
  skipped: string[];
}

export async function interpretDocument(fetched: Pick<FetchResult, 'body' | 'contentType' | 'url'>, options: InterpretOptions): Promise<Interpreted> {
  const decoded = decodeBody(fetched.body, fetched.contentType);
  if (shouldScrape(decoded.text, fetched.url, options.type ?? 'auto', options.scrapeHtmlPages ?? false)) return scrapeDocument({ url: fetched.url, text: decoded.text }, options);
  // Autodiscovery: a page advertising its feed is followed to it, one hop at most.
  const feedUrl = options.pages && options.followFeedLink !== false ? discoverFeedUrl(decoded.text, fetched.url, options.type ?? 'auto') : null;
  if (feedUrl && options.pages) {
    return interpretDocument(await options.pages.fetchPage(feedUrl, { etag: null, lastModified: null }), { ...options, followFeedLink: false });
  }
  const feed = await parseDocument(decoded.text, { url: fetched.url, type: options.type ?? 'auto' });
  const items: Interpreted['items'] = [];
  const skipped: string[] = [];
  for (const entry of feed.entries) {
    try {
      const item = normalizeEntry(entry, {
        feed, language: options.language ?? null, timezone: options.timezone ?? null, titleCase: options.titleCase ?? 'keep',
      });
      items.push({ item, raw: rawOf(entry.raw) });
    } catch (err) {
      skipped.push(coerceError(err, 'PARSE_INVALID', 'normalize').message);
    }
  }
  if (options.fullText && options.pages) {
    const full = await addFullText(items, {
      scrape: options.scrape, language: options.language ?? null, timezone: options.timezone ?? null,
      titleCase: options.titleCase ?? 'keep', pages: options.pages,
    });
    return { meta: normalizeFeedMeta(feed), items: full.items, skipped: [...skipped, ...full.skipped] };
  }
  return { meta: normalizeFeedMeta(feed), items, skipped };
}

function rawOf(raw: unknown): string | null {
  if (raw === undefined || raw === null) return null;
  const text = typeof raw === 'string' ? raw : JSON.stringify(raw);
  return text.length > MAX_RAW_CHARS ? text.slice(0, MAX_RAW_CHARS) : text;
}
