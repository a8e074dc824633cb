/** An ExtractedPage as the FeedEntry normalize expects, so pages get the same cleaning as feeds. */
import type { FeedEntry } from '../model/entry.js';
import type { NormalizedItem } from '../model/item.js';
import { normalizeEntry } from '../normalize/normalize-entry.js';
import type { ExtractedPage } from './extract-article.js';

export interface PageNormalizeOptions {
  language: string | null;
  timezone: string | null;
  titleCase: 'keep' | 'sentence';
  /** The site's name (listing page title…): a leading paragraph that is just this is dropped. */
  siteTitle: string | null;
}

export function pageToEntry(page: ExtractedPage): FeedEntry {
  return {
    guid: page.link,
    guidIsPermaLink: true,
    link: page.link,
    base: page.url,
    title: page.title ? { value: page.title, type: 'text' } : null,
    summary: page.summary ? { value: page.summary, type: 'text' } : null,
    content: page.bodyHtml ? { value: page.bodyHtml, type: 'html' } : null,
    // The dateline credit stands in for a missing byline, as normalize does for body datelines.
    author: page.author ?? page.credit,
    published: page.published,
    updated: page.updated,
    categories: page.categories,
    enclosures: [],
    language: page.language,
    dateline: page.dateline,
    raw: page,
  };
}

export function normalizePage(page: ExtractedPage, options: PageNormalizeOptions): NormalizedItem {
  const entry = pageToEntry(page);
  const item = normalizeEntry(entry, {
    feed: { format: 'html', title: options.siteTitle, link: null, language: null, base: page.url, entries: [entry] },
    language: options.language,
    timezone: options.timezone,
    titleCase: options.titleCase,
  });
  return { ...item, dateSource: item.published ? page.dateSource : null };
}
