/** GET|HEAD /feeds/<id>.rss|.atom|.json: a cached body, 304 when the client has it, gzip when asked. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OutputFormat } from '../model/curated.js';
import { acceptsGzip, gzipEtag, isNotModified } from './conditional.js';
import type { CachedBody, FeedCache } from './feed-cache.js';
import { sendText } from './respond.js';
import type { Route } from './routes.js';

/** Ids are matched, never used as a path: nothing outside this pattern reaches the cache. */
export const FEED_PATH = /^\/feeds\/([a-z0-9][a-z0-9_-]*)\.(rss|atom|json)$/;

export interface FeedRouteDeps {
  cache: FeedCache;
  feedIds(): string[];
  formatsOf(id: string): OutputFormat[];
  maxAgeSeconds: number;
}

export function createFeedRoute(deps: FeedRouteDeps): Route {
  return {
    method: ['GET', 'HEAD'],
    path: FEED_PATH,
    handle(req, res, match) {
      const id = match?.[1] ?? '';
      const format = (match?.[2] ?? '') as OutputFormat;
      if (!deps.feedIds().includes(id) || !deps.formatsOf(id).includes(format)) {
        sendText(res, 404, `no feed "${id}" in ${format} format`);
        return;
      }
      const cached = deps.cache.get(id, format);
      if (cached === null) {
        sendText(res, 404, `no feed "${id}" in ${format} format`);
        return;
      }
      sendFeed(req, res, cached, format, deps.maxAgeSeconds);
    },
  };
}

function sendFeed(req: IncomingMessage, res: ServerResponse, cached: CachedBody, format: OutputFormat, maxAge: number): void {
  const useGzip = cached.gzip !== null && acceptsGzip(req.headers['accept-encoding']);
  const validators = {
    ETag: useGzip ? gzipEtag(cached.etag) : cached.etag,
    'Last-Modified': cached.lastModified,
    'Cache-Control': `public, max-age=${maxAge}`,
    Vary: 'Accept-Encoding',
    // Browser apps may read the JSON feed cross-origin; the XML ones are for feed readers.
    ...(format === 'json' ? { 'Access-Control-Allow-Origin': '*' } : {}),
  };
  if (isNotModified(req.headers, [cached.etag, gzipEtag(cached.etag)], cached.lastModified)) {
    res.writeHead(304, validators);
    res.end();
    return;
  }
  const payload = useGzip && cached.gzip !== null ? cached.gzip : cached.body;
  res.writeHead(200, {
    ...validators,
    'Content-Type': cached.contentType,
    'Content-Length': String(payload.length),
    ...(useGzip ? { 'Content-Encoding': 'gzip' } : {}),
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : payload);
}
