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
  /** Wire formats only (NewsML-G2, NITF): the agency's editorial metadata. Absent for feeds and pages. */
  editorial?: Editorial;
  /** Pages always say; feed items leave it out (their date, when they have one, is the feed's). */
  dateSource?: DateSource | null;
}

/** Usable items are published; withheld ones wait; canceled ones are killed. */
export type PubStatus = 'usable' | 'withheld' | 'canceled';

/** What a news agency says about an item besides its text (README "Wire formats"). */
export interface Editorial {
  /** 1 (flash) … 9 (lowest), null when the agency gives none. */
  urgency: number | null;
  /** The agency's version number: a higher one updates the item, a lower or equal one is ignored. */
  version: number | null;
  pubStatus: PubStatus;
  /** ISO-8601 UTC: not shown in any feed before then. */
  embargoUntil: string | null;
  editorialNote: string | null;
  /** The agency's short label of the story (NewsML-G2 slugline, NITF du-key key). */
  slugline: string | null;
  /** Lowercase signal names, e.g. `correction`, `update`. */
  signals: string[];
  /** The agency's own item id (NewsML-G2 guid, NITF doc-id) and version, as written. */
  agencyItemId: string | null;
  agencyVersion: string | null;
  /** Subjects as QCodes (`medtop:20000350`) with their names when given. */
  subjects: Array<{ qcode: string; name: string | null }>;
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
