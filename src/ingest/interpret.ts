/** Fetched bytes → normalized items: decode, parse, normalize. Shared by ingest and `wiredesk parse`. */
import { decodeBody } from '../decode/decode-body.js';
import type { FetchResult } from '../fetch/fetch-resource.js';
import { discoverFeedUrl } from '../parse/html-page.js';
import type { ScrapeConfig } from '../config/schema.js';
import { addFullText } from '../scrape/full-text.js';
import type { PageSupport } from '../scrape/page-loader.js';
import { scrapeDocument, shouldScrape } from '../scrape/scrape-document.js';
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
}

export async function interpretDocument(fetched: Pick<FetchResult, 'body' | 'contentType' | 'url'>, options: InterpretOptions): Promise<ReadDocument> {
  const decoded = decodeBody(fetched.body, fetched.contentType);
  if (shouldScrape(decoded.text, fetched.url, options.type ?? 'auto', options.scrapeHtmlPages ?? false)) return scrapeDocument({ url: fetched.url, text: decoded.text }, options);
  // Autodiscovery: a page advertising its feed is followed to it, one hop at most.
  const feedUrl = options.pages && options.followFeedLink !== false ? discoverFeedUrl(decoded.text, fetched.url, options.type ?? 'auto') : null;
  if (feedUrl && options.pages) {
    return interpretDocument(await options.pages.fetchPage(feedUrl, { etag: null, lastModified: null }), { ...options, followFeedLink: false });
  }
  const read = options.read ?? readFeed;
  const { meta, items, skipped, rejected } = await read({
    text: decoded.text, url: fetched.url, type: options.type ?? 'auto', language: options.language ?? null,
    timezone: options.timezone ?? null, titleCase: options.titleCase ?? 'keep',
  });
  if (options.fullText && options.pages) {
    const full = await addFullText(items, {
      scrape: options.scrape, language: options.language ?? null, timezone: options.timezone ?? null,
      titleCase: options.titleCase ?? 'keep', pages: options.pages,
    });
    return { meta, items: full.items, skipped: [...skipped, ...full.skipped], ...(rejected ? { rejected } : {}) };
  }
  return { meta, items, skipped, ...(rejected ? { rejected } : {}) };
}
