/** The shapes every stage after `parse` shares. Dates are ISO-8601 UTC strings. */

export interface Enclosure {
  url: string;
  type: string | null;
  length: number | null;
}

/**
 * How an item's publication date was found: the feed's own date; on a page its `date` selector,
 * JSON-LD, meta tags, a `<time>` element or a date-like text; else the listing page's date for the
 * link, a date in the URL, the HTTP Last-Modified header, or the time wiredesk first saw the page.
 */
export type DateSource = 'feed' | 'selector' | 'json-ld' | 'meta' | 'time' | 'text' | 'listing' | 'url' | 'last-modified' | 'first-seen';

/** What `normalize` of one feed entry or page: the `parse` CLI prints exactly this. */
export interface NormalizedItem {
  guid: string | null;
  url: string | null;
  title: string;
  published: string | null;
  updated: string | null;
  author: string | null;
  categories: string[];
  enclosures: Enclosure[];
  /** Sanitized HTML. */
  summary: string | null;
  /** Sanitized HTML. */
  contentHtml: string | null;
  contentText: string;
  language: string | null;
  dateline: string | null;
  /** Pages always say; feed items leave it out (their date, when they have one, is the feed's). */
  dateSource?: DateSource | null;
}

/** A stored item. */
export interface Item extends NormalizedItem {
  id: string;
  sourceId: string;
  contentHash: string;
  storyId: string;
  fetchedAt: string;
}

export interface FeedMeta {
  title: string | null;
  link: string | null;
  language: string | null;
}
