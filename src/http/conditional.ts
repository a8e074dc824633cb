/** Request header logic for feed responses: conditional GET (RFC 9110 §13) and gzip. */

const ENTITY_TAG = /\*|(?:W\/)?"[^"]*"/g;

/** The ETag of the gzip representation: a strong validator must differ per content-coding. */
export function gzipEtag(etag: string): string {
  return etag.endsWith('"') ? `${etag.slice(0, -1)}-gzip"` : `${etag}-gzip`;
}

/** If-None-Match uses the weak comparison: `W/` is ignored, `*` matches any current tag. */
export function matchesIfNoneMatch(header: string | undefined, etags: readonly string[]): boolean {
  if (header === undefined) return false;
  const tags = header.match(ENTITY_TAG) ?? [];
  return tags.some((tag) => tag === '*' || etags.includes(tag.replace(/^W\//, '')));
}

/**
 * True when the client's copy is at least as recent as ours (second precision). Only the HTTP-date
 * forms count (RFC 9110 §5.6.7), and a date in the future is ignored, as the RFC says to.
 */
export function isNotModifiedSince(header: string | undefined, lastModified: string, now = Date.now()): boolean {
  if (header === undefined) return false;
  const since = parseHttpDate(header);
  const modified = Date.parse(lastModified);
  if (since === null || Number.isNaN(modified) || since > now) return false;
  return since >= modified;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** IMF-fixdate, RFC 850 and asctime: `Sun, 06 Nov 1994 08:49:37 GMT`, `Sunday, 06-Nov-94 08:49:37 GMT`, `Sun Nov  6 08:49:37 1994`. */
const HTTP_DATES = [
  /^[A-Z][a-z]{2}, (?<d>\d{2}) (?<m>[A-Z][a-z]{2}) (?<y>\d{4}) (?<t>\d{2}:\d{2}:\d{2}) GMT$/,
  /^[A-Z][a-z]{5,8}, (?<d>\d{2})-(?<m>[A-Z][a-z]{2})-(?<y>\d{2}) (?<t>\d{2}:\d{2}:\d{2}) GMT$/,
  /^[A-Z][a-z]{2} (?<m>[A-Z][a-z]{2}) (?<d>[ \d]\d) (?<t>\d{2}:\d{2}:\d{2}) (?<y>\d{4})$/,
];

/** Milliseconds of an HTTP-date, or null for anything else (`Date.parse` would read `garbage 99999`). */
export function parseHttpDate(value: string): number | null {
  for (const form of HTTP_DATES) {
    const g = form.exec(value.trim())?.groups;
    if (!g) continue;
    const month = MONTHS.indexOf((g['m'] ?? '').toLowerCase());
    let year = Number(g['y']);
    // RFC 850's two-digit year: within 50 years of now, as RFC 9110 asks.
    if (year < 100) year += year + 2000 > new Date().getUTCFullYear() + 50 ? 1900 : 2000;
    const [h, mi, se] = (g['t'] ?? '').split(':').map(Number);
    const ms = Date.UTC(year, month, Number(g['d']), h, mi, se);
    const back = new Date(ms);
    if (month < 0 || back.getUTCDate() !== Number(g['d']) || (h ?? 0) > 23 || (mi ?? 0) > 59 || (se ?? 0) > 60) return null;
    return ms;
  }
  return null;
}

/** If-None-Match wins over If-Modified-Since when both are sent. */
export function isNotModified(headers: { 'if-none-match'?: string; 'if-modified-since'?: string }, etags: readonly string[], lastModified: string): boolean {
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined) return matchesIfNoneMatch(ifNoneMatch, etags);
  return isNotModifiedSince(headers['if-modified-since'], lastModified);
}

export type ContentCoding = 'br' | 'gzip';

/** The ETag of a compressed representation: a strong validator must differ per content-coding. */
export function codingEtag(etag: string, coding: ContentCoding | null): string {
  if (coding === null) return etag;
  return etag.endsWith('"') ? `${etag.slice(0, -1)}-${coding}"` : `${etag}-${coding}`;
}

/** Accept-Encoding allows gzip unless it is refused by q=0 (explicitly, or through `*`). */
export function acceptsGzip(header: string | undefined): boolean {
  return qualityOfCoding(header, 'gzip') > 0;
}

/**
 * The coding to send among those we have: the client's highest q wins; on a tie brotli, which
 * is smaller. Null means identity (no header, everything refused, or nothing precompressed).
 */
export function negotiateEncoding(header: string | undefined, available: readonly ContentCoding[]): ContentCoding | null {
  let best: ContentCoding | null = null;
  let bestQ = 0;
  for (const coding of (['br', 'gzip'] as const).filter((c) => available.includes(c))) {
    const q = qualityOfCoding(header, coding);
    if (q > bestQ) [best, bestQ] = [coding, q];
  }
  return best;
}

/** q of one coding in Accept-Encoding: its own entry (x-gzip counts as gzip), else `*`, else 0. */
function qualityOfCoding(header: string | undefined, wanted: ContentCoding): number {
  if (header === undefined) return 0;
  let own: number | null = null;
  let star: number | null = null;
  for (const part of header.split(',')) {
    const [rawCoding = '', ...params] = part.trim().toLowerCase().split(';');
    const coding = rawCoding.trim() === 'x-gzip' ? 'gzip' : rawCoding.trim();
    const q = qualityOf(params);
    if (coding === wanted) own = Math.max(own ?? 0, q);
    if (coding === '*') star = q;
  }
  return own ?? star ?? 0;
}

function qualityOf(params: string[]): number {
  const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
  if (q === undefined) return 1;
  const value = Number(q.slice(2));
  return Number.isFinite(value) ? value : 0;
}
