/** GET|HEAD /search.rss|.atom|.json?q=…[&limit=N]: an ad-hoc curated feed over every stored item. */
import type { CuratedFeed, OutputFormat } from '../model/curated.js';
import { isWiredeskError } from '../model/errors.js';
import { renderFeed } from '../emit/render-feed.js';
import { CORS_HEADERS } from './feed-route.js';
import { makeRepresentation } from './representation.js';
import { sendRepresentation, sendText } from './respond.js';
import type { Route } from './routes.js';

export const SEARCH_PATH = /^\/search\.(rss|atom|json)$/;

export interface SearchRouteDeps {
  /** Throws a WiredeskError with status 400 when the query is not valid. */
  search(query: string, limit: number | undefined): CuratedFeed;
  maxAgeSeconds: number;
}

export function createSearchRoute(deps: SearchRouteDeps): Route {
  return {
    method: ['GET', 'HEAD'],
    path: SEARCH_PATH,
    handle(req, res, match) {
      const format = (match?.[1] ?? 'rss') as OutputFormat;
      const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
      const query = params.get('q') ?? '';
      if (query.trim() === '') return sendText(res, 400, 'search: missing q; ask /search.rss?q=words (FTS5 syntax, see README)');
      const limit = params.has('limit') ? Number(params.get('limit')) : undefined;
      if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
        return sendText(res, 400, 'search: limit must be a positive integer (at most 100 entries are returned)');
      }
      let feed: CuratedFeed;
      try {
        feed = deps.search(query, limit);
      } catch (err) {
        if (isWiredeskError(err) && err.status === 400) return sendText(res, 400, err.message);
        throw err;
      }
      const rendered = renderFeed(feed, format);
      // One-off answer: a fast brotli level; Last-Modified is the newest change among the entries.
      const rep = makeRepresentation(Buffer.from(rendered.body, 'utf8'), rendered.contentType, new Date(feed.updated).toUTCString(), { brotliQuality: 4 });
      sendRepresentation(req, res, rep, {
        cacheControl: `public, max-age=${deps.maxAgeSeconds}`,
        extra: format === 'json' ? CORS_HEADERS : {},
      });
    },
  };
}
