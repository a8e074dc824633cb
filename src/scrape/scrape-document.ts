/**
 * scrape: an HTML document → normalized items. An article page gives one item; a listing page
 * (or any page when the source sets `links`) gives the articles it links, each read through the
 * pages cache. The scrape is checked before anything is returned (see scrape-health.ts).
 */
import { load } from 'cheerio/slim';
import type { ScrapeConfig } from '../config/schema.js';
import { coerceError, WiredeskError } from '../model/errors.js';
import type { FeedMeta } from '../model/item.js';
import { keepRaw, type ReadDocument } from '../model/read-document.js';
import { sniffDocument } from '../parse/detect-format.js';
import { findFeedLinks } from '../parse/html-page.js';
import { extractArticle, type ExtractedPage } from './extract-article.js';
import { findArticleLinks } from './find-links.js';
import { loadPage, type PageSupport } from './page-loader.js';
import { normalizePage, type PageNormalizeOptions } from './page-entry.js';
import { checkScrapeHealth, type PageFailure } from './scrape-health.js';

export interface ScrapeOptions {
  scrape?: ScrapeConfig | undefined;
  language?: string | null;
  timezone?: string | null;
  titleCase?: 'keep' | 'sentence';
  /** Needed for listing pages: how article pages are fetched (throttled, cached). */
  pages?: PageSupport | undefined;
}

const DEFAULT_MAX_ARTICLES = 30;
const MIN_LISTING_LINKS = 5;

export async function scrapeDocument(doc: { url: string; text: string }, options: ScrapeOptions): Promise<ReadDocument> {
  const scrape = options.scrape;
  const extract = (html: string, url: string): ExtractedPage => extractArticle(html, url, { scrape, timezone: options.timezone ?? null });
  const meta = listingMeta(doc.text, doc.url);
  const self = scrape?.links ? null : extract(doc.text, doc.url);
  if (self?.declaresArticle && self.title) return finish([self], [], doc.url, meta, options);
  const links = findArticleLinks(doc.text, doc.url, scrape?.links, scrape?.maxArticles ?? DEFAULT_MAX_ARTICLES);
  // A page that reads like an article is one, unless it is a front page of teasers linking many.
  if (self?.looksLikeArticle && self.title && links.urls.length < MIN_LISTING_LINKS) return finish([self], [], doc.url, meta, options);
  if (links.urls.length === 0) {
    // No article links: a short article page that did not announce itself as one.
    if (self?.title && self.bodyHtml) return finish([self], [], doc.url, meta, options);
    throw new WiredeskError('SCRAPE_FAILED', `scrape: ${links.how} found no article links on ${doc.url}; ${scrape?.links ? 'check the `links` selector' : 'set scrape.links'}`);
  }
  const { pages, failures } = await loadArticles(links.urls, options.pages, extract, JSON.stringify(scrape ?? {}));
  return finish(pages, failures, `${links.urls.length} article links on ${doc.url}`, meta, options);
}

function finish(pages: ExtractedPage[], failures: PageFailure[], where: string, meta: FeedMeta, options: ScrapeOptions): ReadDocument {
  const health = checkScrapeHealth(pages, failures, options.scrape, where);
  const normalize: PageNormalizeOptions = {
    language: options.language ?? null, timezone: options.timezone ?? null, titleCase: options.titleCase ?? 'keep', siteTitle: meta.title,
  };
  const items = pages.map((page) => ({ item: normalizePage(page, normalize), raw: keepRaw(page) }));
  return { meta: { ...meta, language: meta.language ?? pages[0]?.language ?? null }, items, skipped: health.warnings };
}

async function loadArticles(
  urls: string[],
  support: PageSupport | undefined,
  extract: (html: string, url: string) => ExtractedPage,
  configKey: string,
): Promise<{ pages: ExtractedPage[]; failures: PageFailure[] }> {
  if (!support) throw new WiredeskError('SCRAPE_FAILED', 'scrape: this is a listing page, and reading its articles needs a page fetcher; scrape it as a source');
  // Every page at once: the page fetcher's host limiter keeps the requests polite.
  const results = await Promise.allSettled(urls.map((url) => loadPage(url, support, extract, { itemKey: null, configKey })));
  const pages: ExtractedPage[] = [];
  const failures: PageFailure[] = [];
  results.forEach((result, i) => {
    if (result.status === 'fulfilled') pages.push(result.value.page);
    else failures.push({ url: urls[i] ?? '', message: coerceError(result.reason, 'SCRAPE_FAILED', 'scrape').message });
  });
  return { pages, failures };
}

/** The listing page's own name, for the source: og:site_name, else its `<title>`. */
function listingMeta(html: string, url: string): FeedMeta {
  const $ = load(html.slice(0, 512 * 1024));
  const siteName = $('meta[property="og:site_name"]').attr('content')?.trim();
  const title = siteName || $('title').first().text().replace(/\s+/g, ' ').trim() || null;
  const lang = $('html').attr('lang')?.trim().toLowerCase() || null;
  return { title, link: /^https?:/i.test(url) ? url : null, language: lang };
}

/**
 * Whether a document is scraped: always for type "html"; for type "auto" when asked (`wiredesk
 * parse`), an HTML page that advertises no feed (one that does is followed to its feed instead).
 */
export function shouldScrape(text: string, url: string, type: string, scrapeAuto: boolean): boolean {
  if (type === 'html') return true;
  if (!scrapeAuto || type !== 'auto' || sniffDocument(text).format !== 'html') return false;
  return findFeedLinks(text, url).length === 0;
}
