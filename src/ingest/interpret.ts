/**
 * Fetched bytes → normalized items: decode, parse, normalize. Shared by ingest and `wiredesk parse`.
 * Scraping, full text and in-thread parsing load their modules only when a document needs them:
 * the main thread of an ingest of feeds never loads a parser, a normalizer or a DOM.
 */
import { decodeBody } from '../decode/decode-body.js';
import type { FetchResult } from '../fetch/fetch-resource.js';
import type { ScrapeConfig } from '../config/schema.js';
import { coerceError } from '../model/errors.js';
import type { PageSupport } from './page-loader.js';
import type { PageExtractor } from './scrape-pages.js';
import type { ReadDocument } from '../model/read-document.js';
import { collectDocument, streamWhole, type StreamedDocument } from './read-chunks.js';
import type { FeedJob } from './read-feed.js';

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
  /** Where the feed is parsed and normalized: a worker pool (whole or chunk by chunk) in the service, in this thread otherwise. */
  read?: (job: FeedJob) => Promise<ReadDocument | StreamedDocument>;
  /** Where HTML pages are extracted: the same worker pool, under the same time limit. */
  extract?: PageExtractor | undefined;
}

type Fetched = Pick<FetchResult, 'body' | 'contentType' | 'url'> & { lastModified?: string | null };

export async function interpretDocument(fetched: Fetched, options: InterpretOptions): Promise<ReadDocument> {
  return collectDocument(await interpretStream(fetched, options));
}

/** The same, handed on chunk by chunk when the reader splits the document (ingest commits chunks as they come). */
export async function interpretStream(fetched: Fetched, options: InterpretOptions): Promise<StreamedDocument> {
  const decoded = decodeBody(fetched.body, fetched.contentType);
  const type = options.type ?? 'auto';
  const scrapeAuto = options.scrapeHtmlPages ?? false;
  const follow = options.pages !== undefined && options.followFeedLink !== false;
  const page = { url: fetched.url, text: decoded.text, lastModified: fetched.lastModified ?? null };
  const scrape = async (): Promise<ReadDocument> => (await import('./scrape-pages.js')).scrapeDocument(page, options, options.pages?.now);
  if (await isScraped(decoded.text, fetched.url, type, scrapeAuto, follow)) return streamWhole(await scrape());
  // Autodiscovery: a page advertising its feed is followed to it, one hop at most.
  const feedUrl = follow ? (await import('../parse/html-page.js')).discoverFeedUrl(decoded.text, fetched.url, type) : null;
  if (feedUrl && options.pages) {
    try {
      return await interpretStream(await options.pages.fetchPage(feedUrl, { etag: null, lastModified: null }), { ...options, followFeedLink: false });
    } catch (err) {
      // `wiredesk parse` of a page whose advertised feed is dead reads the page in hand instead.
      if (!scrapeAuto || type !== 'auto') throw err;
      const why = coerceError(err, 'FETCH_NETWORK', 'fetch').message;
      const read = await scrape();
      return streamWhole({ ...read, skipped: [`parse: the feed ${feedUrl} that the page advertises could not be read (${why}); read the page itself`, ...read.skipped] });
    }
  }
  const job: FeedJob = {
    text: decoded.text, url: fetched.url, type, language: options.language ?? null,
    timezone: options.timezone ?? null, titleCase: options.titleCase ?? 'keep',
  };
  const read = await readWith(options, job);
  if (options.fullText && options.pages) return streamWhole(await withFullText(await collectDocument(read), options, options.pages));
  return read;
}

/** Only type "html" sources and `wiredesk parse` scrape (the scraper's modules load only then). */
async function isScraped(text: string, url: string, type: string, scrapeAuto: boolean, follow: boolean): Promise<boolean> {
  if (type !== 'html' && !scrapeAuto) return false;
  return (await import('../scrape/read-page.js')).shouldScrape(text, url, type, scrapeAuto, follow);
}

async function readWith(options: InterpretOptions, job: FeedJob): Promise<StreamedDocument> {
  const read = options.read ?? (async (j: FeedJob) => (await import('./read-feed.js')).readFeed(j));
  const doc = await read(job);
  return 'chunks' in doc ? doc : streamWhole(doc);
}

async function withFullText(doc: ReadDocument, options: InterpretOptions, pages: PageSupport): Promise<ReadDocument> {
  const { meta, items, skipped, rejected } = doc;
  const { addFullText } = await import('./full-text.js');
  const full = await addFullText(items, {
    scrape: options.scrape, language: options.language ?? null, timezone: options.timezone ?? null,
    titleCase: options.titleCase ?? 'keep', pages, extract: options.extract,
  });
  // Features were worked out from the feed's text: an item whose page text replaced it has none.
  const enriched = full.items.map((read, i) => (read.item === items[i]?.item ? read : { item: read.item, raw: read.raw }));
  return { meta, items: enriched, skipped: [...skipped, ...full.skipped], ...(rejected ? { rejected } : {}) };
}
