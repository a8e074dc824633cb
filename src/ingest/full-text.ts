/**
 * Full text for summary-only feeds (`fullText: true`): each item's link is fetched once, its body
 * extracted (with the source's scrape selectors, if any) and put in `contentHtml`; the feed's
 * summary stays in `summary`. Pages are cached by URL and fetched again only when the item changes.
 */
import type { ScrapeConfig } from '../config/schema.js';
import { coerceError, type WiredeskError } from '../model/errors.js';
import type { NormalizedItem } from '../model/item.js';
import type { ExtractedPage } from '../scrape/extract-article.js';
import { normalizePage } from '../scrape/page-entry.js';
import { hashKey, loadPage, type PageSupport } from './page-loader.js';
import { articleOf, extractInThread, type PageExtractor } from './scrape-pages.js';

export interface FullTextOptions {
  scrape?: ScrapeConfig | undefined;
  language: string | null;
  timezone: string | null;
  titleCase: 'keep' | 'sentence';
  pages: PageSupport;
  extract?: PageExtractor | undefined;
}

type Incoming = { item: NormalizedItem; raw: string | null };

export async function addFullText(items: Incoming[], options: FullTextOptions): Promise<{ items: Incoming[]; skipped: string[] }> {
  const configKey = JSON.stringify(options.scrape ?? {});
  const max = options.scrape?.maxArticles ?? 30;
  const run = options.extract ?? extractInThread;
  const extract = async (html: string, url: string, lastModified: string | null): Promise<ExtractedPage> => articleOf(await run({
    kind: 'page', mode: 'article', text: html, url, scrape: options.scrape, timezone: options.timezone,
    hints: { lastModified, seenAt: options.pages.now().toISOString() },
  }));
  const skipped: string[] = [];
  let fetches = 0;
  const enriched = await Promise.all(items.map(async (incoming) => {
    const url = incoming.item.url;
    if (!url) return incoming;
    const itemKey = hashKey(incoming.item.title, incoming.item.summary, incoming.item.contentText, incoming.item.updated);
    const cached = (await options.pages.cache?.get(url)) ?? null;
    if (cached?.contentHash === GONE && cached.itemKey === itemKey) return incoming;
    // A first run on a long feed fetches at most `maxArticles` pages; the rest follow on later runs.
    if (!cached && ++fetches > max) return incoming;
    try {
      const { page } = await loadPage(url, options.pages, extract, { itemKey, configKey });
      return { ...incoming, item: withBody(incoming.item, page, options) };
    } catch (err) {
      const error = coerceError(err, 'SCRAPE_FAILED', 'scrape');
      if (isPermanent(error)) await rememberGone(options.pages, url, itemKey);
      skipped.push(`full text: kept the feed's text for ${url}: ${error.message}`);
      return incoming;
    }
  }));
  return { items: enriched, skipped };
}

/** Marks a page that answered 4xx: not asked again until its item changes. */
const GONE = 'gone';

function isPermanent(error: WiredeskError): boolean {
  if (error.code === 'FETCH_FORBIDDEN') return true;
  return error.status !== undefined && error.status >= 400 && error.status < 500 && error.status !== 429;
}

async function rememberGone(pages: PageSupport, url: string, itemKey: string): Promise<void> {
  await pages.cache?.put({ url, etag: null, lastModified: null, fetchedAt: pages.now().toISOString(), contentHash: GONE, itemKey, extracted: 'null' });
}

/** The page body replaces the feed's only when it is really longer (a paywall stub is not). */
function withBody(item: NormalizedItem, page: ExtractedPage, options: FullTextOptions): NormalizedItem {
  const fromPage = normalizePage({ ...page, title: item.title }, {
    language: options.language, timezone: options.timezone, titleCase: 'keep', siteTitle: null,
  });
  if (fromPage.contentText.length <= item.contentText.length) return item;
  return {
    ...item,
    summary: item.summary ?? item.contentHtml,
    contentHtml: fromPage.contentHtml,
    contentText: fromPage.contentText,
    dateline: item.dateline ?? fromPage.dateline,
    author: item.author ?? fromPage.author,
  };
}
