/**
 * The page-loading loop: an HTML document read by the extraction stage (in the parser pool) as an
 * article gives one item; as a listing, its article links are fetched (through the pages cache),
 * each extracted in the pool, normalized and checked (see scrape/scrape-health.ts). The only place,
 * with full text, where wiredesk fetches and stores pages a source links to.
 */
import type { ScrapeConfig } from '../config/schema.js';
import { coerceError, WiredeskError } from '../model/errors.js';
import type { FeedMeta } from '../model/item.js';
import { keepRaw, type ReadDocument } from '../model/read-document.js';
import type { ExtractedPage } from '../scrape/extract-article.js';
import { normalizePage, type PageNormalizeOptions } from '../scrape/page-entry.js';
import { runPageJob, type PageJob, type PageReading } from '../scrape/read-page.js';
import { checkScrapeHealth, type PageFailure } from '../scrape/scrape-health.js';
import { loadPage, type PageSupport } from './page-loader.js';

export interface ScrapeOptions {
  scrape?: ScrapeConfig | undefined;
  language?: string | null;
  timezone?: string | null;
  titleCase?: 'keep' | 'sentence';
  /** Needed for listing pages: how article pages are fetched (throttled, cached). */
  pages?: PageSupport | undefined;
  /** Where pages are extracted: the parser pool in the service, this thread otherwise. */
  extract?: ((job: PageJob) => Promise<PageReading>) | undefined;
}

export type PageExtractor = (job: PageJob) => Promise<PageReading>;

export const extractInThread: PageExtractor = async (job) => runPageJob(job);

export async function scrapeDocument(
  doc: { url: string; text: string; lastModified?: string | null },
  options: ScrapeOptions,
  now: () => Date = () => new Date(),
): Promise<ReadDocument> {
  const extract = options.extract ?? extractInThread;
  const base = { kind: 'page' as const, scrape: options.scrape, timezone: options.timezone ?? null };
  const reading = await extract({ ...base, mode: 'read', text: doc.text, url: doc.url,
    hints: { lastModified: doc.lastModified ?? null, seenAt: now().toISOString() } });
  if (reading.kind === 'article') return finish([reading.page], [], doc.url, reading.meta, options);
  const { links } = reading;
  if (links.urls.length === 0) {
    throw new WiredeskError('SCRAPE_FAILED', `scrape: ${links.how} found no article links on ${doc.url}; ${options.scrape?.links ? 'check the `links` selector' : 'set scrape.links'}`);
  }
  if (!options.pages) throw new WiredeskError('SCRAPE_FAILED', 'scrape: this is a listing page, and reading its articles needs a page fetcher; scrape it as a source');
  const support = options.pages;
  const configKey = JSON.stringify(options.scrape ?? {});
  // Every page at once: the page fetcher's host limiter keeps the requests polite.
  const results = await Promise.allSettled(links.urls.map((url) => loadPage(url, support, async (html, finalUrl, lastModified) => {
    const read = await extract({ ...base, mode: 'article', text: html, url: finalUrl,
      hints: { listingDate: links.dates[url] ?? null, lastModified, seenAt: support.now().toISOString() } });
    return articleOf(read);
  }, { itemKey: null, configKey })));
  const pages: ExtractedPage[] = [];
  const failures: PageFailure[] = [];
  results.forEach((result, i) => {
    if (result.status === 'fulfilled') pages.push(result.value.page);
    else failures.push({ url: links.urls[i] ?? '', message: coerceError(result.reason, 'SCRAPE_FAILED', 'scrape').message });
  });
  return finish(pages, failures, `${links.urls.length} article links on ${doc.url}`, reading.meta, options);
}

/** Mode `article` always reads an article; the check keeps the types honest. */
export function articleOf(reading: PageReading): ExtractedPage {
  if (reading.kind !== 'article') throw new WiredeskError('SCRAPE_FAILED', 'scrape: an article page was read as a listing');
  return reading.page;
}

function finish(pages: ExtractedPage[], failures: PageFailure[], where: string, meta: FeedMeta, options: ScrapeOptions): ReadDocument {
  const health = checkScrapeHealth(pages, failures, options.scrape, where);
  const normalize: PageNormalizeOptions = {
    language: options.language ?? null, timezone: options.timezone ?? null, titleCase: options.titleCase ?? 'keep', siteTitle: meta.title,
  };
  const items = pages.map((page) => ({ item: normalizePage(page, normalize), raw: keepRaw(page) }));
  return { meta: { ...meta, language: meta.language ?? pages[0]?.language ?? null }, items, skipped: health.warnings };
}
