/**
 * The extraction stage, pure: one HTML page in, what it is out: an article (an ExtractedPage) or a
 * listing (the article links it shows, with their dates). Nothing here fetches: the page-loading
 * loop in ingest/ fetches the links and hands each page back here, in the parser worker pool.
 */
import { load } from 'cheerio/slim';
import type { ScrapeConfig } from '../config/schema.js';
import { WiredeskError } from '../model/errors.js';
import type { FeedMeta } from '../model/item.js';
import { sniffDocument } from '../parse/detect-format.js';
import { findFeedLinks } from '../parse/html-page.js';
import { capNesting } from './cap-nesting.js';
import { extractArticle, type ExtractedPage } from './extract-article.js';
import { findArticleLinks, type ListingLinks } from './find-links.js';
import type { DateHints } from './page-date.js';

/** A unit of work for the parser pool: read a page as listing-or-article, or as an article only. */
export interface PageJob {
  kind: 'page';
  mode: 'read' | 'article';
  text: string;
  url: string;
  scrape: ScrapeConfig | undefined;
  timezone: string | null;
  hints: DateHints;
}

export type PageReading =
  | { kind: 'article'; page: ExtractedPage; meta: FeedMeta }
  | { kind: 'listing'; links: ListingLinks; meta: FeedMeta; self: ExtractedPage | null };

const DEFAULT_MAX_ARTICLES = 30;
const MIN_LISTING_LINKS = 5;

export function runPageJob(job: PageJob): PageReading {
  // A page starts with markup; a text file that mentions a few tags (a README) is no article.
  if (!/^\s*</.test(job.text)) throw new WiredeskError('SCRAPE_FAILED', `scrape: ${job.url} is not an HTML page (it does not start with markup)`);
  const text = capNesting(job.text);
  const extract = (): ExtractedPage => extractArticle(text, job.url, { scrape: job.scrape, timezone: job.timezone, hints: job.hints });
  if (job.mode === 'article') return { kind: 'article', page: extract(), meta: { title: null, link: null, language: null } };
  return readPage(text, job, extract);
}

function readPage(text: string, job: PageJob, extract: () => ExtractedPage): PageReading {
  const meta = listingMeta(text, job.url);
  const self = job.scrape?.links ? null : extract();
  if (self?.declaresArticle && self.title) return { kind: 'article', page: self, meta };
  const links = findArticleLinks(text, job.url, job.scrape?.links, job.scrape?.maxArticles ?? DEFAULT_MAX_ARTICLES);
  // A page that reads like an article is one, unless it is a front page of teasers linking many.
  if (self?.looksLikeArticle && self.title && links.urls.length < MIN_LISTING_LINKS) return { kind: 'article', page: self, meta };
  // No article links: a short article page that did not announce itself as one.
  if (links.urls.length === 0 && self?.title && self.bodyHtml) return { kind: 'article', page: self, meta };
  return { kind: 'listing', links, meta, self };
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
 * parse`), an HTML page that advertises no feed, or whose feed is not to be followed.
 */
export function shouldScrape(text: string, url: string, type: string, scrapeAuto: boolean, followFeeds = true): boolean {
  if (type === 'html') return true;
  if (!scrapeAuto || type !== 'auto' || sniffDocument(text).format !== 'html') return false;
  return !followFeeds || findFeedLinks(text, url).length === 0;
}
