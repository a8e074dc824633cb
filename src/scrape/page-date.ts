/**
 * A page's publication date when the page gives none of its own: the listing page's date for the
 * link, a date written in the URL (`/2024/04/17/`), the HTTP Last-Modified header, else the time
 * the page was first seen. A missing date never refuses a page; `dateSource` says which was used.
 */
import type { DateSource } from '../model/item.js';
import { parseDate } from '../normalize/parse-date.js';
import type { Found } from './read-fields.js';

export interface DateHints {
  /** The date the listing page shows beside the link (ISO-8601 UTC). */
  listingDate?: string | null;
  /** The page's HTTP Last-Modified header, as sent. */
  lastModified?: string | null;
  /** When the page was fetched: the clock, passed in. */
  seenAt: string;
}

export interface PageDate {
  published: string;
  dateSource: DateSource;
}

const FOUND_SOURCES: Record<string, DateSource> = { selector: 'selector', 'json-ld': 'json-ld', meta: 'meta', time: 'time', heuristic: 'text' };
/** `/2024/04/17/`, `/2024-04-17-slug`, `/20240417/`: a year from 1990 on, a month and a day. */
const URL_DATE = /(?:^|[/_-])((?:199|20\d)\d)[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?=$|[/_.-])/;

export function resolvePageDate(found: Found<string>, url: string, hints: DateHints, timezone: string | null): PageDate {
  if (found.value && found.from) return { published: found.value, dateSource: FOUND_SOURCES[found.from] ?? 'text' };
  if (hints.listingDate) return { published: hints.listingDate, dateSource: 'listing' };
  const fromUrl = dateInUrl(url, timezone);
  if (fromUrl) return { published: fromUrl, dateSource: 'url' };
  const modified = parseDate(hints.lastModified ?? null);
  if (modified && modified <= hints.seenAt) return { published: modified, dateSource: 'last-modified' };
  return { published: hints.seenAt, dateSource: 'first-seen' };
}

export function dateInUrl(url: string, timezone: string | null): string | null {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const m = URL_DATE.exec(path);
  return m ? parseDate(`${m[1]}-${m[2]}-${m[3]}`, { timezone }) : null;
}
