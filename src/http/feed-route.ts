/** GET|HEAD /feeds/<id>.rss|.atom|.json: a cached body, 304 when the client has it, br/gzip when asked. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OutputFormat } from '../model/curated.js';
import type { CachedBody, FeedCache } from './feed-cache.js';
import { sendRepresentation, sendText, type RepresentationHeaders } from './respond.js';
import type { Route } from './routes.js';
import { PUBLIC, sendDenied, type AccessDecision } from './access.js';

/** Ids are matched, never used as a path: nothing outside this pattern reaches the cache. */
export const FEED_PATH = /^\/feeds\/([a-z0-9][a-z0-9_-]*)\.(rss|atom|json)$/;

export interface FeedRouteDeps {
  cache: FeedCache;
  feedIds(): string[];
  formatsOf(id: string): OutputFormat[];
  maxAgeSeconds: number;
  /** A `Link` header value (WebSub: rel="hub" and rel="self"), or null for none. */
  linkHeader?(id: string, format: OutputFormat): string | null;
  /** Private feeds: whether this request's token grants the feed. */
  authorize?(req: IncomingMessage, id: string): AccessDecision;
}

export function createFeedRoute(deps: FeedRouteDeps): Route {
  // The same object for the same answer, so sendRepresentation reuses the header list it built.
  const stable = new Map<string, RepresentationHeaders>();
  const headersFor = (format: OutputFormat, isPrivate: boolean, link: string | null): RepresentationHeaders => {
    const key = `${format} ${isPrivate} ${link ?? ''}`;
    let headers = stable.get(key);
    if (headers === undefined) {
      if (stable.size > 1024) stable.clear();
      headers = {
        cacheControl: `${isPrivate ? 'private' : 'public'}, max-age=${deps.maxAgeSeconds}`,
        extra: {
          // Browser apps may read the JSON feed cross-origin; the XML ones are for feed readers.
          ...(format === 'json' ? CORS_HEADERS : {}),
          ...(link === null ? {} : { Link: link }),
        },
      };
      stable.set(key, headers);
    }
    return headers;
  };
  return {
    method: ['GET', 'HEAD'],
    path: FEED_PATH,
    handle(req, res, match) {
      const id = match?.[1] ?? '';
      const format = (match?.[2] ?? '') as OutputFormat;
      if (!deps.feedIds().includes(id) || !deps.formatsOf(id).includes(format)) return sendNoFeed(res, id, format);
      const access = deps.authorize?.(req, id) ?? PUBLIC;
      if (!access.ok) return sendDenied(res, access);
      const answer = (cached: CachedBody | null): void => {
        if (cached === null) return sendNoFeed(res, id, format);
        sendRepresentation(req, res, cached, headersFor(format, access.private, deps.linkHeader?.(id, format) ?? null));
      };
      // A held body is sent at once (the previous one while a newer renders); only a first render is waited for.
      const served = deps.cache.serve(id, format);
      if (served instanceof Promise) return served.then(answer);
      answer(served);
    },
  };
}

function sendNoFeed(res: ServerResponse, id: string, format: OutputFormat): void {
  sendText(res, 404, `no feed "${id}" in ${format} format`);
}

/** CORS for simple GETs: any origin may read the body and the validators it revalidates with. */
export const CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'ETag, Last-Modified, Link',
};
