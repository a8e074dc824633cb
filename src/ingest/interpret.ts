/** Fetched bytes → normalized items: decode, parse, normalize. Shared by ingest and `wiredesk parse`. */
import { decodeBody } from '../decode/decode-body.js';
import type { FetchResult } from '../fetch/fetch-resource.js';
import { discoverFeedUrl } from '../parse/html-page.js';
import type { ScrapeConfig } from '../config/schema.js';
import { coerceError } from '../model/errors.js';
import { shouldScrape } from '../scrape/read-page.js';
import { addFullText } from './full-text.js';
import type { PageSupport } from './page-loader.js';
import { scrapeDocument, type PageExtractor } from './scrape-pages.js';
import type { ReadDocument } from '../model/read-document.js';
import { readFeed, type FeedJob } from './read-feed.js';

export interface InterpretOptions {
  type?: 'auto' | 'rss' | 'atom' | 'json' | 'html' | 'newsml' | 'nitf';
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
  /** Where the feed is parsed and normalized: a worker pool in the service, in this thread otherwise. */
  read?: (job: FeedJob) => Promise<ReadDocument>;
  /** Where HTML pages are extracted: the same worker pool, under the same time limit. */
  extract?: PageExtractor | undefined;
}

type Fetched = Pick<FetchResult, 'body' | 'contentType' | 'url'> & { lastModified?: string | null };

export async function interpretDocument(fetched: Fetched, options: InterpretOptions): Promise<ReadDocument> {
  const decoded = decodeBody(fetched.body, fetched.contentType);
  const type = options.type ?? 'auto';
  const scrapeAuto = options.scrapeHtmlPages ?? false;
  const follow = options.pages !== undefined && options.followFeedLink !== false;
  const page = { url: fetched.url, text: decoded.text, lastModified: fetched.lastModified ?? null };
  const scrape = (): Promise<ReadDocument> => scrapeDocument(page, options, options.pages?.now);
  if (shouldScrape(decoded.text, fetched.url, type, scrapeAuto, follow)) return scrape();
  // Autodiscovery: a page advertising its feed is followed to it, one hop at most.
  const feedUrl = follow ? discoverFeedUrl(decoded.text, fetched.url, type) : null;
  if (feedUrl && options.pages) {
    try {
      return await interpretDocument(await options.pages.fetchPage(feedUrl, { etag: null, lastModified: null }), { ...options, followFeedLink: false });
    } catch (err) {
      // `wiredesk parse` of a page whose advertised feed is dead reads the page in hand instead.
      if (!scrapeAuto || type !== 'auto') throw err;
      const why = coerceError(err, 'FETCH_NETWORK', 'fetch').message;
      const read = await scrape();
      return { ...read, skipped: [`parse: the feed ${feedUrl} that the page advertises could not be read (${why}); read the page itself`, ...read.skipped] };
    }
  }
  const read = options.read ?? readFeed;
  const { meta, items, skipped, rejected } = await read({
    text: decoded.text, url: fetched.url, type, language: options.language ?? null,
    timezone: options.timezone ?? null, titleCase: options.titleCase ?? 'keep',
  });
  if (options.fullText && options.pages) {
    const full = await addFullText(items, {
      scrape: options.scrape, language: options.language ?? null, timezone: options.timezone ?? null,
      titleCase: options.titleCase ?? 'keep', pages: options.pages, extract: options.extract,
    });
    // Features were worked out from the feed's text: an item whose page text replaced it has none.
    const enriched = full.items.map((read, i) => (read.item === items[i]?.item ? read : { item: read.item, raw: read.raw }));
    return { meta, items: enriched, skipped: [...skipped, ...full.skipped], ...(rejected ? { rejected } : {}) };
  }
  return { meta, items, skipped, ...(rejected ? { rejected } : {}) };
}
