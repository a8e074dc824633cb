/** One GET on node:http(s), no redirect handling: resolves when the response headers arrive. */
import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { LookupFunction } from 'node:net';

export interface RequestHeaders {
  userAgent: string;
  accept: string;
  etag: string | null;
  lastModified: string | null;
}

export function buildHeaders(h: RequestHeaders): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {
    'user-agent': h.userAgent,
    accept: h.accept,
    // Only what node:zlib can stream; zstd is not offered so servers never pick it.
    'accept-encoding': 'gzip, deflate, br',
  };
  if (h.etag) headers['if-none-match'] = h.etag;
  if (h.lastModified) headers['if-modified-since'] = h.lastModified;
  return headers;
}

/** Sends the request; the deadline signal destroys the socket wherever the exchange is. */
export function httpGet(url: URL, headers: OutgoingHttpHeaders, signal: AbortSignal, lookup?: LookupFunction): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const transport = url.protocol === 'https:' ? https : http;
    const req = transport.request(url, { method: 'GET', headers, signal, ...(lookup ? { lookup } : {}) }, resolve);
    req.on('error', reject);
    req.end();
  });
}

/** Frees the socket of a response whose body we do not want (redirects, errors, 304). */
export function discard(res: IncomingMessage): void {
  // Destroying rather than draining: an error page or a redirect body can be arbitrarily large.
  res.destroy();
}

export function header(res: IncomingMessage, name: string): string | null {
  const value = res.headers[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}
