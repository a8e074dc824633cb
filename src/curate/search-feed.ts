/** GET /search: an ad-hoc curated feed over every stored item, ruled by one full-text query. */
import { feedWindowStart } from '../config/retention-window.js';
import type { Config, FeedConfig } from '../config/schema.js';
import type { CuratedFeed, OutputFormat } from '../model/curated.js';
import type { StoredItem } from '../store/items-table.js';
import type { CandidateRequest, CuratePort } from './curate-port.js';
import { baseUrlOf } from './feed-loader.js';
import { parseQuery } from './query-language.js';
import { selectFeed } from './select-feed.js';
import { eligibleSourceIds } from './source-rules.js';

export const SEARCH_DEFAULT_LIMIT = 50;
export const SEARCH_MAX_LIMIT = 100;
/** Matches read per wanted entry before the other rules and one-per-story (as curated feeds do). */
const CANDIDATES_PER_ENTRY = 10;

export interface SearchRequest {
  query: string;
  /** Entries wanted; clamped to 1..SEARCH_MAX_LIMIT. */
  limit?: number;
}

/** Matches a query off the event loop under a time budget (SQLite's search thread). */
export type SearchMatcher = (request: Required<CandidateRequest>, budgetMs: number) => Promise<StoredItem[]>;

/**
 * Throws CURATE_BAD_QUERY (a 400 at the HTTP edge) when the query is not valid, SEARCH_TIMEOUT
 * (a 503) when matching takes longer than `server.searchTimeoutMs`. With a matcher the MATCH runs
 * there (SQLite: the search thread); the rest (rules, one entry per story) over the port, on at
 * most a bounded candidate list.
 */
export async function selectSearchFeed(request: SearchRequest, config: Config, port: CuratePort, now: Date,
  matcher?: SearchMatcher): Promise<CuratedFeed> {
  parseQuery(request.query);
  const limit = clampLimit(request.limit);
  const feed = searchFeedConfig(request.query, limit);
  let reads = port;
  if (matcher) {
    const sourceIds = eligibleSourceIds(feed, config.sources);
    const since = feedWindowStart(config, feed.maxAgeHours, now).toISOString();
    const query = { match: request.query, sourceIds, since, limit: limit * CANDIDATES_PER_ENTRY + 200 };
    const matched = sourceIds.length === 0 ? [] : await matcher(query, config.server.searchTimeoutMs ?? 2000);
    reads = withCandidates(port, matched);
  }
  const selected = await selectFeed(feed, { config, port: reads, baseUrl: baseUrlOf(config), now });
  return { ...selected, hub: null, selfPaths: searchPaths(request.query, limit) };
}

function searchFeedConfig(query: string, limit: number): FeedConfig {
  return {
    id: 'search',
    title: `Search: ${query}`,
    description: `Stories matching ${query}, newest first, one entry per story.`,
    include: { sources: [], kinds: [], tags: [], languages: [], keywords: [], query },
    exclude: { sources: [], kinds: [], tags: [], languages: [], keywords: [] },
    limit,
    formats: ['rss', 'atom', 'json'],
    access: 'public',
    webhooks: [],
  };
}

/** The port as selectFeed sees it: its full-text candidates are the ones already matched off-thread. */
function withCandidates(port: CuratePort, matched: StoredItem[]): CuratePort {
  return { ...port, candidates: (request) => (request.match === undefined ? port.candidates(request) : Promise.resolve(matched)) };
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
