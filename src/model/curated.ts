/** A curated feed as `curate` selects it and `emit` renders it. */
import type { Item } from './item.js';

export type OutputFormat = 'rss' | 'atom' | 'json';

export interface SourceRef {
  id: string;
  title: string;
  /** The source's home page or feed URL (absolute http(s) when known, else null). */
  link: string | null;
  kind: 'wire' | 'partner';
}

/** Another version of the same story, carried by another source. */
export interface RelatedVersion {
  source: SourceRef;
  title: string;
  url: string | null;
}

export interface CuratedEntry {
  item: Item;
  source: SourceRef;
  alsoReportedBy: RelatedVersion[];
}

/** A killed item, still announced as deleted for a while. */
export interface DeletedEntry {
  item: Item;
  /** ISO-8601 UTC: when the kill arrived. */
  when: string;
  comment: string | null;
}

export interface CuratedFeed {
  id: string;
  title: string;
  description: string;
  language: string | null;
  /** Absolute base URL of the service, without a trailing slash, e.g. http://127.0.0.1:8080 */
  baseUrl: string;
  /** ISO-8601 UTC: the latest change among the entries (or the epoch when empty). */
  updated: string;
  entries: CuratedEntry[];
  /** Killed wire items (RFC 6721 tombstones in Atom). */
  deleted?: DeletedEntry[];
  /** WebSub hub URL to advertise, when configured. */
  hub?: string | null;
  /** Path (and query) of each format's self link under baseUrl; default /feeds/<id>.<format>. */
  selfPaths?: Record<OutputFormat, string>;
}

export interface RenderedFeed {
  body: string;
  contentType: string;
}
