/**
 * A PostgreSQL web node: everything a SQLite node serves — feeds (private ones behind their
 * tokens), search, OPML lists, the dashboard with its story pages, /metrics, /healthz — through curate's, the tokens'
 * and the ops read ports, re-selected when the generation moves. It never fetches; its only writes
 * are the token request counts, flushed every few seconds (a failed flush is kept for the next).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LoadedConfig } from '../config/load-config.js';
import type { Config } from '../config/schema.js';
import { createFeedLoader } from '../curate/feed-loader.js';
import { registerAccessMetrics } from '../http/access-metrics.js';
import { maxAgeFor } from '../http/cache-policy.js';
import { trackConnections } from '../http/connections.js';
import { createDashboardRoute } from '../http/dashboard.js';
import { createFeedCache, type FeedCache } from '../http/feed-cache.js';
import { createMetrics, createMetricsRoute, observeRefresh, type Metrics } from '../http/metrics.js';
import { createPublishingRoutes, feedLinkHeader } from '../http/publishing.js';
import type { Route } from '../http/routes.js';
import { createHttpServer } from '../http/server.js';
import { createStoryRoute } from '../http/story-route.js';
import type { RefreshOutcome } from '../ingest/refresh-source.js';
import type { Logger } from '../log/logger.js';
import type { OutputFormat } from '../model/curated.js';
import { WiredeskError } from '../model/errors.js';
import type { PgDatabase } from '../store-pg/connection.js';
import { createPgCuratePort } from '../store-pg/curate-reads.js';
import { watchGeneration } from '../store-pg/curate-watch.js';
import { createPgOpsPort } from '../store-pg/ops-reads.js';
import { createPgTokenPort } from '../store-pg/tokens.js';
import { collectDashboard } from './dashboard-data.js';
import type { OpsReadPort } from './ops-port.js';
import { createPrivateAccess } from './private-access.js';
import { explainPgStory } from './story-explain.js';
import { closeServer, SHUTDOWN_GRACE_MS } from './service.js';

export interface WebNode {
  url: string;
  /** A worker in the same process (role `all`) reports its refreshes here, for /metrics. */
  onProgress(outcome: RefreshOutcome): void;
  close(): Promise<void>;
}

/** As SQLite's (ops.ts): the dashboard refreshes itself every 30 s; a page at most 5 s old is as good. */
const DASHBOARD_MAX_AGE_MS = 5000;

export async function startPgWebNode(loaded: LoadedConfig, db: PgDatabase, log: Logger): Promise<WebNode> {
  let config = loaded.config;
  const port = createPgCuratePort(db.pool);
  const ops = createPgOpsPort(db.pool);
  const watch = await watchGeneration(db.pool, { onError: (message) => log.warn(message) });
  const privacy = await createPrivateAccess({ config: () => config, tokens: createPgTokenPort(db), log });
  const cache = createFeedCache({ loadFeed: createFeedLoader(() => config, port), generation: () => watch.current() });
  const maxAgeSeconds = maxAgeFor(config.schedule);
  const metrics = pgMetrics(() => config, ops, cache);
  registerAccessMetrics(metrics.registry, { tokenRequests: privacy.access.counts, deliveries: () => ops.deliveries() });
  const operator = operatorRoutes({ loaded: () => ({ ...loaded, config }), db, ops, cache, metrics, generation: () => watch.current() });
  const routes = privacy.guard([...createPublishingRoutes({ config: () => config, port, generation: () => watch.current(), maxAgeSeconds,
    checkToken: privacy.access.checkToken }), ...operator]);
  const server = createHttpServer({
    cache,
    feedIds: () => config.feeds.map((f) => f.id),
    formatsOf: (id) => (config.feeds.find((f) => f.id === id)?.formats ?? []) as OutputFormat[],
    health: () => ({ ok: true, backend: 'postgres', generation: watch.current(), listening: watch.listening() }),
    log,
    maxAgeSeconds,
    feedLinkHeader: feedLinkHeader(() => config),
    onResponse: (_path, status) => metrics.observeFeedRequest(status),
    authorizeFeed: privacy.access.checkFeed,
  }, routes);
  const connections = trackConnections(server);
  let url: string;
  try {
    url = await listenOn(server, config);
  } catch (err) {
    await privacy.close();
    await watch.close();
    throw err;
  }
  if (config.server.port === 0 && config.server.baseUrl === undefined) config = { ...config, server: { ...config.server, baseUrl: url } };
  return {
    url,
    onProgress(outcome) {
      if (outcome.status === 'failed') return observeRefresh(metrics, outcome, null);
      void ops.lastStatus(outcome.sourceId).catch(() => null).then((status) => observeRefresh(metrics, outcome, status));
    },
    async close() {
      await closeServer(server, connections, SHUTDOWN_GRACE_MS);
      await privacy.close();
      await watch.close();
    },
  };
}

interface OperatorDeps {
  loaded(): LoadedConfig;
  db: PgDatabase;
  ops: OpsReadPort;
  cache: FeedCache;
  metrics: Metrics;
  generation(): number;
}

/** The dashboard (rebuilt off the request path, as on SQLite), its story pages and /metrics. */
function operatorRoutes(deps: OperatorDeps): Route[] {
  const { ops, cache } = deps;
  const priorityOf = (id: string) => deps.loaded().config.sources.find((c) => c.id === id)?.priority ?? 0;
  return [
    createDashboardRoute(() => collectDashboard({ loaded: deps.loaded, ops, cache, configProblems: () => [] }), {
      inputs: () => [deps.generation(), deps.loaded().config], maxAgeMs: DASHBOARD_MAX_AGE_MS,
    }),
    createStoryRoute((id) => explainPgStory(deps.db.pool, id, priorityOf)),
    createMetricsRoute(deps.metrics),
  ];
}

/** The SQLite node's metrics, read from the store when scraped (one read of the totals per second at most), plus the shared work. */
function pgMetrics(config: () => Config, ops: OpsReadPort, cache: FeedCache): Metrics {
  const totals = recent(() => ops.totals());
  const shared = recent(() => ops.sharedWork?.(Date.now()) ?? Promise.resolve({ claimsHeld: 0, clustererLag: 0 }));
  return createMetrics({
    async sourcesFailing() {
      const states = await ops.sourceStates(Date.now());
      return config().sources.filter((s) => (states.get(s.id)?.errorCount ?? 0) > 0).length;
    },
    renderCacheHits: () => cache.stats().hits,
    dbSizeBytes: async () => (await totals()).dbSizeBytes,
    tombstones: async () => (await totals()).tombstones,
    claimsHeld: async () => (await shared()).claimsHeld,
    clustererLag: async () => (await shared()).clustererLag,
  });
}

/** One answer shared by the gauges of a scrape (they are collected together). */
function recent<T>(read: () => Promise<T>, ttlMs = 1000): () => Promise<T> {
  let held: { at: number; value: Promise<T> } | null = null;
  return () => {
    if (held === null || Date.now() - held.at >= ttlMs) {
      const value = read();
      held = { at: Date.now(), value };
      value.catch(() => {
        held = null;
      });
    }
    return held.value;
  };
}

function listenOn(server: Server, config: Config): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const why = err.code === 'EADDRINUSE' ? 'the address is in use (another wiredesk?); stop it or set server.port' : err.message;
      reject(new WiredeskError('HTTP_LISTEN_FAILED', `http: cannot listen on ${config.server.host}:${config.server.port}: ${why}`, { cause: err }));
    });
    server.listen(config.server.port, config.server.host, () => {
      const address = server.address() as AddressInfo;
      resolve(`http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`);
    });
  });
}
