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

/** True when the client's copy is at least as recent as ours (second precision). */
export function isNotModifiedSince(header: string | undefined, lastModified: string): boolean {
  if (header === undefined) return false;
  const since = Date.parse(header);
  const modified = Date.parse(lastModified);
  return !Number.isNaN(since) && !Number.isNaN(modified) && since >= modified;
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
