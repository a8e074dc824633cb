/** GET|HEAD /search.rss|.atom|.json?q=…[&limit=N]: an ad-hoc curated feed over every stored item. */
import type { CuratedFeed, OutputFormat } from '../model/curated.js';
import { isWiredeskError } from '../model/errors.js';
import { renderFeed } from '../emit/render-feed.js';
import { CORS_HEADERS } from './feed-route.js';
import { makeRepresentation, type Representation } from './representation.js';
import { sendRepresentation, sendText } from './respond.js';
import type { Route } from './routes.js';

export const SEARCH_PATH = /^\/search\.(rss|atom|json)$/;

export interface SearchRouteDeps {
  /** Throws a WiredeskError with status 400 when the query is not valid. */
  search(query: string, limit: number | undefined): Promise<CuratedFeed>;
  maxAgeSeconds: number;
  /** What results depend on (store generation, config), compared by identity: repeated searches are answered from a cache meanwhile. */
  inputs?: () => readonly unknown[];
}

/** Distinct searches remembered (least recently used dropped first). */
const SEARCH_CACHE_SIZE = 200;

export function createSearchRoute(deps: SearchRouteDeps): Route {
  const cache = createResultCache(deps.inputs === undefined ? 0 : SEARCH_CACHE_SIZE);
  return {
    method: ['GET', 'HEAD'],
    path: SEARCH_PATH,
    async handle(req, res, match) {
      const format = (match?.[1] ?? 'rss') as OutputFormat;
      const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
      const query = params.get('q') ?? '';
      if (query.trim() === '') return sendText(res, 400, 'search: missing q; ask /search.rss?q=words (FTS5 syntax, see README)');
      const limit = params.has('limit') ? Number(params.get('limit')) : undefined;
      if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
        return sendText(res, 400, 'search: limit must be a positive integer (at most 100 entries are returned)');
      }
      const key = `${format}\u0000${limit ?? ''}\u0000${query}`;
      const inputs = deps.inputs?.() ?? [];
      let rep = cache.get(key, inputs);
      if (rep === null) {
        let feed: CuratedFeed;
        try {
          feed = await deps.search(query, limit);
        } catch (err) {
          if (isWiredeskError(err) && err.status === 400) return sendText(res, 400, err.message);
          throw err;
        }
        const rendered = renderFeed(feed, format);
        // Last-Modified is the newest change among the entries; a fast brotli level for a body few will share.
        rep = makeRepresentation(Buffer.from(rendered.body, 'utf8'), rendered.contentType, new Date(feed.updated).toUTCString(), { brotliQuality: 4 });
        cache.set(key, inputs, rep);
      }
      sendRepresentation(req, res, rep, {
        cacheControl: `public, max-age=${deps.maxAgeSeconds}`,
        extra: format === 'json' ? CORS_HEADERS : {},
      });
    },
  };
}

interface ResultCache {
  get(key: string, inputs: readonly unknown[]): Representation | null;
  set(key: string, inputs: readonly unknown[], rep: Representation): void;
}

/** A small LRU (a Map keeps insertion order) whose entries hold while their inputs are the same. */
function createResultCache(size: number): ResultCache {
  const entries = new Map<string, { inputs: readonly unknown[]; rep: Representation }>();
  return {
    get(key, inputs) {
      const hit = entries.get(key);
      if (hit === undefined || hit.inputs.length !== inputs.length || !hit.inputs.every((v, i) => v === inputs[i])) return null;
      entries.delete(key);
      entries.set(key, hit);
      return hit.rep;
    },
    set(key, inputs, rep) {
      if (size === 0) return;
      entries.delete(key);
      entries.set(key, { inputs, rep });
      if (entries.size > size) entries.delete(entries.keys().next().value as string);
    },
  };
}
