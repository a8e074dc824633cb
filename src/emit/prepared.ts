/** The format-neutral view of a curated feed that the three renderers share. */
import type { OutputFormat } from '../model/curated.js';
import type { Editorial } from '../model/item.js';

export interface PreparedEnclosure {
  url: string;
  /** Always a MIME type: the item's, else guessed from the extension, else octet-stream. */
  type: string;
  /** Bytes; 0 when unknown (RSS 2.0 requires the attribute). */
  length: number;
}

export interface PreparedRelated {
  sourceId: string;
  sourceTitle: string;
  title: string;
  url: string | null;
}

export interface PreparedSource {
  id: string;
  title: string;
  link: string | null;
}

/** A wire item's editorial metadata, its strings free of XML-illegal characters. */
export type PreparedWire = Editorial;

/** A killed item, as an RFC 6721 deleted entry: the id its entry had. */
export interface PreparedTombstone {
  ref: string;
  when: Date;
  comment: string | null;
}

/** Every string is free of XML-illegal characters; every URL is absolute http(s). */
export interface PreparedEntry {
  id: string;
  title: string;
  link: string | null;
  summaryHtml: string | null;
  contentHtml: string | null;
  author: string | null;
  categories: string[];
  enclosures: PreparedEnclosure[];
  published: Date | null;
  updated: Date;
  language: string | null;
  storyId: string;
  source: PreparedSource;
  related: PreparedRelated[];
  /** Wire items only. */
  wire?: PreparedWire | null;
}

export interface PreparedFeed {
  id: string;
  title: string;
  description: string;
  language: string | null;
  homeUrl: string;
  selfUrls: Record<OutputFormat, string>;
  hub: string | null;
  updated: Date;
  entries: PreparedEntry[];
  /** Killed items still announced (Atom only). */
  deleted?: PreparedTombstone[];
}
