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
 */
export function sendRepresentation(req: IncomingMessage, res: ServerResponse, rep: Representation, headers: RepresentationHeaders): void {
  const available: ContentCoding[] = [];
  if (rep.br !== null) available.push('br');
  if (rep.gzip !== null) available.push('gzip');
  const coding = negotiateEncoding(req.headers['accept-encoding'], available);
  const validators = {
    ETag: codingEtag(rep.etag, coding),
    'Last-Modified': rep.lastModified,
    'Cache-Control': headers.cacheControl,
    Vary: 'Accept-Encoding',
    ...headers.extra,
  };
  if (isNotModified(req.headers, [rep.etag, ...available.map((c) => codingEtag(rep.etag, c))], rep.lastModified)) {
    res.writeHead(304, validators);
    res.end();
    return;
  }
  const payload = (coding === 'br' ? rep.br : coding === 'gzip' ? rep.gzip : null) ?? rep.body;
  res.writeHead(200, {
    ...validators,
    'Content-Type': rep.contentType,
    'Content-Length': String(payload.length),
    ...(coding === null ? {} : { 'Content-Encoding': coding }),
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : payload);
}
