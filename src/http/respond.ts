/** The response shapes the HTTP edge sends: plain text, JSON, and prepared bodies with validators. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { codingEtag, isNotModified, negotiateEncoding, type ContentCoding } from './conditional.js';
import type { Representation } from './representation.js';

export function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  const body = Buffer.from(`${text}\n`, 'utf8');
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(body.length),
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = Buffer.from(`${JSON.stringify(value)}\n`, 'utf8');
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(body.length),
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(body);
}

export interface RepresentationHeaders {
  /** Cache-Control value, e.g. `public, max-age=450`. */
  cacheControl: string;
  /** Extra headers on 200 and 304 alike (CORS, Link). */
  extra?: Record<string, string>;
}

/**
 * Serves a prepared body: 304 when the client's validators match (RFC 9110 §13), else the
 * brotli, gzip or identity bytes by Accept-Encoding; HEAD gets the same headers without a body.
 * The header list of each answer is built once per body and reused (see headerPlan): a cached
 * feed costs little more per request than the bytes it sends.
 */
export function sendRepresentation(req: IncomingMessage, res: ServerResponse, rep: Representation, headers: RepresentationHeaders): void {
  const requestHeaders = req.headers;
  const acceptEncoding = requestHeaders['accept-encoding'];
  const coding = acceptEncoding === undefined ? null : negotiateEncoding(acceptEncoding, availableCodings(rep));
  if (hasValidators(requestHeaders) && isRevalidated(requestHeaders, rep, coding)) {
    res.writeHead(304, headerPlan(rep, headers, coding, null));
    res.end();
    return;
  }
  const payload = (coding === 'br' ? rep.br : coding === 'gzip' ? rep.gzip : null) ?? rep.body;
  res.writeHead(200, headerPlan(rep, headers, coding, payload));
  res.end(req.method === 'HEAD' ? undefined : payload);
}

function availableCodings(rep: Representation): ContentCoding[] {
  const available: ContentCoding[] = [];
  if (rep.br !== null) available.push('br');
  if (rep.gzip !== null) available.push('gzip');
  return available;
}

function hasValidators(headers: IncomingMessage['headers']): boolean {
  return headers['if-none-match'] !== undefined || headers['if-modified-since'] !== undefined;
}

/** A reader sending back exactly the tag it got is the common case: compared as a string before any parsing. */
function isRevalidated(headers: IncomingMessage['headers'], rep: Representation, coding: ContentCoding | null): boolean {
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined && ifNoneMatch === codingEtag(rep.etag, coding)) return true;
  return isNotModified(headers, etagsOf(rep), rep.lastModified);
}

function etagsOf(rep: Representation): string[] {
  return [rep.etag, ...availableCodings(rep).map((c) => codingEtag(rep.etag, c))];
}

/** A flat [name, value, …] list, as writeHead takes it; `payload` null for a 304. */
type HeaderList = string[];
interface PlanMemo {
  headers: RepresentationHeaders;
  plans: Map<string, { payload: Buffer | null; list: HeaderList }>;
}
const PLANS = new WeakMap<Representation, PlanMemo>();

/**
 * The header list for one answer, memoized per body and per `headers` object (callers that keep
 * theirs stable, like the feed route, hit every time). A plan is rebuilt when the bytes it
 * describes change (the compressed twins are replaced once the strong compression is done).
 */
function headerPlan(rep: Representation, headers: RepresentationHeaders, coding: ContentCoding | null, payload: Buffer | null): HeaderList {
  let memo = PLANS.get(rep);
  if (memo === undefined || memo.headers !== headers) {
    memo = { headers, plans: new Map() };
    PLANS.set(rep, memo);
  }
  const key = `${payload === null ? 304 : 200} ${coding ?? 'identity'}`;
  const known = memo.plans.get(key);
  if (known !== undefined && known.payload === payload) return known.list;
  const list = buildHeaders(rep, headers, coding, payload);
  memo.plans.set(key, { payload, list });
  return list;
}

function buildHeaders(rep: Representation, headers: RepresentationHeaders, coding: ContentCoding | null, payload: Buffer | null): HeaderList {
  const list: HeaderList = [
    'ETag', codingEtag(rep.etag, coding),
    'Last-Modified', rep.lastModified,
    'Cache-Control', headers.cacheControl,
    'Vary', 'Accept-Encoding',
  ];
  for (const [name, value] of Object.entries(headers.extra ?? {})) list.push(name, value);
  if (payload === null) return list;
  list.push('Content-Type', rep.contentType, 'Content-Length', String(payload.length));
  if (coding !== null) list.push('Content-Encoding', coding);
  list.push('X-Content-Type-Options', 'nosniff');
  return list;
}
