/**
 * What `parse` hands to `normalize`: one entry as the document carried it, format differences
 * already folded, but nothing cleaned: HTML still raw, URLs maybe relative, dates as written.
 */
import type { Editorial, Enclosure } from './item.js';

export type FeedFormat = 'rss' | 'rdf' | 'atom' | 'json' | 'html' | 'newsml' | 'nitf';

/** A text value and what kind of markup it carries. */
export interface TextValue {
  value: string;
  type: 'text' | 'html';
  /** The base URL for links inside this value when it differs from the entry's (xml:base on the element). */
  base?: string | null;
}

export interface RawEnclosure {
  url: string;
  type: string | null;
  length: number | null;
}

export interface FeedEntry {
  guid: string | null;
  /** RSS `guid isPermaLink`: true when the guid is the item URL. */
  guidIsPermaLink: boolean;
  link: string | null;
  /** The base URL in force for this entry (xml:base or document URL), used to resolve links. */
  base: string | null;
  title: TextValue | null;
  summary: TextValue | null;
  content: TextValue | null;
  author: string | null;
  published: string | null;
  updated: string | null;
  categories: string[];
  enclosures: RawEnclosure[];
  language: string | null;
  dateline: string | null;
  /** The entry as the parser saw it, kept in the store so items can be re-normalized. */
  raw: unknown;
  /** Wire formats only; `embargoUntil` is as written, normalize makes it UTC. */
  editorial?: Editorial;
}

export interface ParsedFeed {
  format: FeedFormat;
  title: string | null;
  /** What the title is, when the format says (Atom's `type`); otherwise normalize guesses from its content. */
  titleType?: TextValue['type'];
  link: string | null;
  language: string | null;
  /** The document URL or its xml:base, against which relative links resolve. */
  base: string | null;
  entries: FeedEntry[];
  /** Items of the document that failed alone (wire formats), with why. */
  problems?: string[];
}

export type { Enclosure };
