/** GET|HEAD /feeds/<id>.rss|.atom|.json: a cached body, 304 when the client has it, br/gzip when asked. */
import type { IncomingMessage } from 'node:http';
import type { OutputFormat } from '../model/curated.js';
import type { FeedCache } from './feed-cache.js';
import { sendRepresentation, sendText } from './respond.js';
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
  return {
    method: ['GET', 'HEAD'],
    path: FEED_PATH,
    async handle(req, res, match) {
      const id = match?.[1] ?? '';
      const format = (match?.[2] ?? '') as OutputFormat;
      const cached = deps.feedIds().includes(id) && deps.formatsOf(id).includes(format) ? await deps.cache.get(id, format) : null;
      if (cached === null) {
        sendText(res, 404, `no feed "${id}" in ${format} format`);
        return;
      }
      const access = deps.authorize?.(req, id) ?? PUBLIC;
      if (!access.ok) return sendDenied(res, access);
      const link = deps.linkHeader?.(id, format) ?? null;
      sendRepresentation(req, res, cached, {
        cacheControl: `${access.private ? 'private' : 'public'}, max-age=${deps.maxAgeSeconds}`,
        extra: {
          // Browser apps may read the JSON feed cross-origin; the XML ones are for feed readers.
          ...(format === 'json' ? CORS_HEADERS : {}),
          ...(link === null ? {} : { Link: link }),
        },
      });
    },
  };
}

/** CORS for simple GETs: any origin may read the body and the validators it revalidates with. */
export const CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'ETag, Last-Modified, Link',
};
