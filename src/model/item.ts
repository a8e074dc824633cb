/** The shapes every stage after `parse` shares. Dates are ISO-8601 UTC strings. */

export interface Enclosure {
  url: string;
  type: string | null;
  length: number | null;
}

/** What `normalize` makes of one feed entry or page: the `parse` CLI prints exactly this. */
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
