/**
 * `wiredesk start` on a PostgreSQL store: a web node (feeds, search, OPML and /healthz through
 * curate's port, re-selected when the generation moves: polled every second and NOTIFYed by each
 * commit), a worker (the shared polling loop: claims, fenced commits), or both. A web node never
 * fetches nor writes; a worker never listens. Private feeds, the dashboard and /metrics are served
 * by SQLite nodes only so far: here a private feed is a 404 and /search is off when one exists.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LoadedConfig } from '../config/load-config.js';
import type { Config } from '../config/schema.js';
import { createFeedLoader } from '../curate/feed-loader.js';
import { maxAgeFor } from '../http/cache-policy.js';
import { trackConnections } from '../http/connections.js';
import { createFeedCache } from '../http/feed-cache.js';
import { createPublishingRoutes, feedLinkHeader } from '../http/publishing.js';
import { createHttpServer } from '../http/server.js';
import { SEARCH_PATH } from '../http/search-route.js';
import { startPgWorker, type PgWorker } from '../ingest/pg-ingest.js';
import type { Logger } from '../log/logger.js';
import type { OutputFormat } from '../model/curated.js';
import { WiredeskError } from '../model/errors.js';
import { openPgDatabase, type PgDatabase } from '../store-pg/connection.js';
import { createPgCuratePort } from '../store-pg/curate-reads.js';
import { watchGeneration, type GenerationWatch } from '../store-pg/curate-watch.js';
import { startStoryClusterer, type StoryClusterer } from './clusterer.js';
import { startPgSideJobs, withSideJobs } from './webhook-pg-loop.js';
import { closeServer, SHUTDOWN_GRACE_MS } from './service.js';
import { polls, serves, type ServiceRole } from './roles.js';

export interface PgNode {
  /** The web node's URL; null for a worker. */
  url: string | null;
  close(): Promise<void>;
}

export async function startPgNode(loaded: LoadedConfig, role: ServiceRole, log: Logger): Promise<PgNode> {
  const { config } = loaded;
  // A web node never writes, so it may run on a read-only role or a standby: a worker migrates the schema.
  const db = await openPgDatabase(config.database, { max: config.fetch.concurrency + 4, applicationName: `wiredesk ${role}`,
    migrate: polls(role), onIdleError: (message) => log.warn(message) });
  let worker: PgWorker | null = null;
  let clusterer: StoryClusterer | null = null;
  let web: { url: string; close(): Promise<void> } | null = null;
  try {
    if (serves(role)) web = await startWebNode(config, db, log);
    if (polls(role)) {
      worker = withSideJobs(startPgWorker(loaded, db, log), startPgSideJobs(config, db, log));
      // Every polling node stands for election: one places committed items into stories, the others stand by.
      clusterer = startStoryClusterer(config, config.database, log);
    }
  } catch (err) {
    await db.close();
    throw err;
  }
  log.info({ role, url: web?.url ?? null, holder: worker?.holder ?? null }, 'service: started on PostgreSQL');
  return {
    url: web?.url ?? null,
    async close() {
      await Promise.all([worker?.stop(), clusterer?.stop(), web?.close()]);
      await db.close();
    },
  };
}

async function startWebNode(initial: Config, db: PgDatabase, log: Logger): Promise<{ url: string; close(): Promise<void> }> {
  let config = initial;
  const port = createPgCuratePort(db.pool);
  const watch: GenerationWatch = await watchGeneration(db.pool, { onError: (message) => log.warn(message) });
  const cache = createFeedCache({ loadFeed: createFeedLoader(() => config, port), generation: () => watch.current() });
  const publicFeeds = () => config.feeds.filter((f) => f.access === 'public');
  const maxAgeSeconds = maxAgeFor(config.schedule);
  const routes = createPublishingRoutes({ config: () => config, port, generation: () => watch.current(), maxAgeSeconds })
    // A search reads every stored item, private feeds' too: without token checks here, it is off then.
    .filter((route) => route.path !== SEARCH_PATH || config.feeds.every((f) => f.access === 'public'));
  const server = createHttpServer({
    cache,
    feedIds: () => publicFeeds().map((f) => f.id),
    formatsOf: (id) => (config.feeds.find((f) => f.id === id)?.formats ?? []) as OutputFormat[],
    health: () => ({ ok: true, backend: 'postgres', generation: watch.current(), listening: watch.listening() }),
    log,
    maxAgeSeconds,
    feedLinkHeader: feedLinkHeader(() => config),
  }, routes);
  const connections = trackConnections(server);
  const url = await listenOn(server, config);
  if (config.server.port === 0 && config.server.baseUrl === undefined) config = { ...config, server: { ...config.server, baseUrl: url } };
  return {
    url,
    async close() {
      await closeServer(server, connections, SHUTDOWN_GRACE_MS);
      await watch.close();
    },
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
