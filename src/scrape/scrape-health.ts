/**
 * Scraper health: a scraper that yields nothing, or pages without a title, fails its source with a
 * message that names the selector and how many pages it missed, instead of emitting junk. Pages
 * without a date of their own are kept with a fallback date (page-date.ts) and a warning, like
 * selectors that missed but were covered by a fallback.
 */
import type { ScrapeConfig } from '../config/schema.js';
import { WiredeskError } from '../model/errors.js';
import type { ExtractedPage } from './extract-article.js';

export interface PageFailure {
  url: string;
  message: string;
}

export interface HealthReport {
  /** Non-fatal: selectors that missed but fallbacks covered, pages that could not be fetched. */
  warnings: string[];
}

/** Throws SCRAPE_FAILED when the scrape is junk; returns the warnings otherwise. */
export function checkScrapeHealth(pages: ExtractedPage[], failures: PageFailure[], scrape: ScrapeConfig | undefined, where: string): HealthReport {
  if (pages.length === 0) {
    const first = failures[0];
    const why = first ? `; ${failures.length} page(s) failed, first ${first.url}: ${first.message}` : '';
    throw new WiredeskError('SCRAPE_FAILED', `scrape: no article could be read from ${where}${why}`);
  }
  const untitled = missingField(pages, 'title', (p) => p.title === null || p.title.trim() === '', scrape?.title);
  if (untitled) throw new WiredeskError('SCRAPE_FAILED', `scrape: ${untitled}`);
  const undated = missingField(pages, 'date', (p) => p.published === null || isFallbackDate(p), scrape?.date, scrape?.dateFormat);
  const warnings = [
    ...(undated ? [`scrape: ${undated}; dated instead by ${fallbacksUsed(pages)}`] : []),
    ...selectorWarnings(pages).filter((w) => !(undated && w.startsWith('scrape: date selector'))),
    ...failures.map((f) => `scrape: skipped ${f.url}: ${f.message}`),
    ...pages.filter((p) => p.bodyHtml.trim() === '').map((p) => `scrape: no article body found on ${p.url}; set scrape.body`),
  ];
  return { warnings };
}

const FALLBACK_SOURCES = new Set(['listing', 'url', 'last-modified', 'first-seen']);

function isFallbackDate(page: ExtractedPage): boolean {
  return page.dateSource !== null && FALLBACK_SOURCES.has(page.dateSource);
}

/** "the URL (2), first-seen time (1)". */
function fallbacksUsed(pages: ExtractedPage[]): string {
  const names: Record<string, string> = { listing: 'the listing page', url: 'the URL', 'last-modified': 'HTTP Last-Modified', 'first-seen': 'first-seen time' };
  const counts = new Map<string, number>();
  for (const p of pages.filter(isFallbackDate)) counts.set(p.dateSource ?? '', (counts.get(p.dateSource ?? '') ?? 0) + 1);
  return [...counts].map(([k, n]) => `${names[k] ?? k} (${n})`).join(', ') || 'nothing';
}

function missingField(
  pages: ExtractedPage[],
  field: 'title' | 'date',
  isMissing: (page: ExtractedPage) => boolean,
  selector: string | undefined,
  format?: string,
): string | null {
  const missing = pages.filter(isMissing);
  if (missing.length === 0) return null;
  const ofN = `${missing.length} of ${pages.length} page${pages.length === 1 ? '' : 's'}`;
  const example = ` (e.g. ${missing[0]?.url ?? ''})`;
  if (selector) {
    const unreadable = missing.filter((p) => p.misses.some((m) => m.field === field && m.reason === 'unreadable')).length;
    const invalid = missing.some((p) => p.misses.some((m) => m.field === field && m.reason === 'invalid'));
    if (invalid) return `selector \`${selector}\` for ${field} is not a valid CSS selector`;
    if (unreadable === missing.length) {
      return `selector \`${selector}\` matched text that is not a date${format ? ` in the format \`${format}\`` : ''} on ${ofN}${example}; check scrape.dateFormat`;
    }
    return `selector \`${selector}\` matched nothing on ${ofN}${example}, and no fallback found a ${field}`;
  }
  const fallbacks = field === 'date' ? 'JSON-LD datePublished, article:published_time, <time datetime> or a date-like element' : 'JSON-LD headline, og:title, <h1> or <title>';
  return `no ${field} found on ${ofN}${example} (looked for ${fallbacks}); set scrape.${field}`;
}

/** "selector `.author` matched nothing on 3 of 12 pages" for selectors whose field a fallback filled. */
function selectorWarnings(pages: ExtractedPage[]): string[] {
  const counts = new Map<string, number>();
  for (const page of pages) {
    for (const miss of page.misses) {
      const key = `${miss.field}\u0000${miss.selector}\u0000${miss.reason}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return [...counts].map(([key, n]) => {
    const [field, selector, reason] = key.split('\u0000');
    const what = reason === 'nothing' ? 'matched nothing' : reason === 'invalid' ? 'is not a valid CSS selector' : 'matched no readable date';
    return `scrape: ${field} selector \`${selector}\` ${what} on ${n} of ${pages.length} pages`;
  });
}
