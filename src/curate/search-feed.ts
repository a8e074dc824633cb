/** GET /search: an ad-hoc curated feed over every stored item, ruled by one full-text query. */
import type { Config, FeedConfig } from '../config/schema.js';
import type { CuratedFeed, OutputFormat } from '../model/curated.js';
import { WiredeskError } from '../model/errors.js';
import type { CuratePort } from './curate-port.js';
import { validateSearchQuery } from '../store/search-table.js';
import { baseUrlOf } from './feed-loader.js';
import { selectFeed } from './select-feed.js';

export const SEARCH_DEFAULT_LIMIT = 50;
export const SEARCH_MAX_LIMIT = 100;

export interface SearchRequest {
  query: string;
  /** Entries wanted; clamped to 1..SEARCH_MAX_LIMIT. */
  limit?: number;
}

/** Throws CURATE_BAD_QUERY (a 400 at the HTTP edge) when the query is not FTS5 syntax. */
export async function selectSearchFeed(request: SearchRequest, config: Config, port: CuratePort, now: Date): Promise<CuratedFeed> {
  const problem = validateSearchQuery(request.query);
  if (problem !== null) {
    throw new WiredeskError('CURATE_BAD_QUERY', `curate: search query ${problem}; use FTS5 syntax: words, "phrases", prefix*, AND/OR/NOT, title:/body:`, { status: 400 });
  }
  const limit = clampLimit(request.limit);
  const feed: FeedConfig = {
    id: 'search',
    title: `Search: ${request.query}`,
    description: `Stories matching ${request.query}, newest first, one entry per story.`,
    include: { sources: [], kinds: [], tags: [], languages: [], keywords: [], query: request.query },
    exclude: { sources: [], kinds: [], tags: [], languages: [], keywords: [] },
    limit,
    formats: ['rss', 'atom', 'json'],
    access: 'public',
    webhooks: [],
  };
  const baseUrl = baseUrlOf(config);
  const selected = await selectFeed(feed, { config, port, baseUrl, now });
  return { ...selected, hub: null, selfPaths: searchPaths(request.query, limit) };
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return SEARCH_DEFAULT_LIMIT;
  return Math.min(SEARCH_MAX_LIMIT, Math.max(1, Math.floor(limit)));
}

/** The self link is the canonical request: same query and limit give the same feed id. */
function searchPaths(query: string, limit: number): Record<OutputFormat, string> {
  const search = `?q=${encodeURIComponent(query)}${limit === SEARCH_DEFAULT_LIMIT ? '' : `&limit=${limit}`}`;
  return { rss: `/search.rss${search}`, atom: `/search.atom${search}`, json: `/search.json${search}` };
}
