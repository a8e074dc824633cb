/**
 * The publishing side of the HTTP edge beside /feeds: search feeds, OPML lists, CORS preflight,
 * WebSub Link headers. The service wires these into the server with its config and store.
 */
import type { Config } from '../config/schema.js';
import { baseUrlOf } from '../curate/feed-loader.js';
import { selectSearchFeed, type SearchMatcher } from '../curate/search-feed.js';
import { renderSubscriptionList } from '../curate/subscription-lists.js';
import { feedSelfUrl } from '../emit/prepare-feed.js';
import { OPML_CONTENT_TYPE } from '../emit/render-opml.js';
import type { OutputFormat } from '../model/curated.js';
import type { CuratePort } from '../curate/curate-port.js';
import { createCorsPreflightRoute } from './cors-route.js';
import { createOpmlRoute, type OpmlRouteDeps } from './opml-route.js';
import type { Route } from './routes.js';
import { createSearchRoute } from './search-route.js';
import { webSubLinkHeader, type WebSubTopic } from './websub.js';

export interface PublishingDeps {
  config(): Config;
  /** curate's read port (SQLite or PostgreSQL). */
  port: CuratePort;
  /** The store generation as last seen (a sync read: search and OPML caches compare it per request). */
  generation(): number;
  maxAgeSeconds: number;
  now?: () => Date;
  /** Matches /search queries off the event loop under `server.searchTimeoutMs` (SQLite's search thread). */
  matcher?: SearchMatcher;
  /** /feeds.opml?token=…: the token's own list. */
  checkToken?: OpmlRouteDeps['checkToken'];
}

export function createPublishingRoutes(deps: PublishingDeps): Route[] {
  const now = deps.now ?? (() => new Date());
  return [
    createSearchRoute({
      search: (query, limit) => selectSearchFeed({ query, ...(limit === undefined ? {} : { limit }) }, deps.config(), deps.port, now(), deps.matcher),
      maxAgeSeconds: deps.maxAgeSeconds,
      inputs: () => [deps.generation(), deps.config()],
    }),
    createOpmlRoute({
      render: (list, grant) => renderSubscriptionList(list, deps.config(), deps.port, grant),
      ...(deps.checkToken ? { checkToken: deps.checkToken } : {}),
      inputs: () => [deps.generation(), deps.config()],
      contentType: OPML_CONTENT_TYPE,
      maxAgeSeconds: deps.maxAgeSeconds,
    }),
    createCorsPreflightRoute(),
  ];
}

/** `Link: <hub>; rel="hub", <self>; rel="self"` on every feed when a WebSub hub is configured. */
export function feedLinkHeader(config: () => Config): (id: string, format: OutputFormat) => string | null {
  return (id, format) => {
    const hub = config().feeds.find((f) => f.id === id)?.access === 'token' ? undefined : config().websub?.hub;
    const self = hub === undefined ? null : feedSelfUrl(baseUrlOf(config()), id, format);
    return hub === undefined || self === null ? null : webSubLinkHeader(hub, self);
  };
}

/** Every served public feed URL: the WebSub topics (a hub could not read a private feed). */
export function webSubTopics(config: Config): WebSubTopic[] {
  const baseUrl = baseUrlOf(config);
  return config.feeds.filter((feed) => feed.access === 'public').flatMap((feed) =>
    (feed.formats as OutputFormat[]).flatMap((format) => {
      const url = feedSelfUrl(baseUrl, feed.id, format);
      return url === null ? [] : [{ id: feed.id, format, url }];
    }),
  );
}
