/**
 * The long-running service: HTTP server over the render cache, an ingest at start-up, then one
 * ingest pass on every tick of the schedule (a pass still running makes the next tick skip).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolveDatabasePath, type LoadedConfig } from '../config/load-config.js';
import { createFeedCache } from '../http/feed-cache.js';
import { createWorkerFeedSource } from '../http/worker-feed-source.js';
import { trackConnections, type ConnectionTracker } from '../http/connections.js';
import { createHttpServer } from '../http/server.js';
import { createServingTurns } from '../http/serving-turns.js';
import { maxAgeFor } from '../http/cache-policy.js';
import { createPublishingRoutes, feedLinkHeader, webSubTopics } from '../http/publishing.js';
import { createWebSubPublisher } from '../http/websub.js';
import { runIngest, UNSERVED_SLICE_MS } from '../ingest/run-ingest.js';
import { summarizeOutcomes } from '../ingest/summary.js';
import type { Logger } from '../log/logger.js';
import type { OutputFormat } from '../model/curated.js';
import { scheduleRecurring, type RecurringTask } from '../schedule/cron.js';
import { openStore } from '../store/open-store.js';
import { CHECKPOINTER_SAFETY_PAGES, startWalCheckpointer } from '../store/wal-checkpointer.js';
import { createServiceOps } from './ops.js';
import { createEmbargoTimer } from './embargo-timer.js';
import { WiredeskError } from '../model/errors.js';
import { startAlertsLoop } from './alerts-loop.js';
import { createPrivateAccess } from './private-access.js';
import { sqliteTokenPort } from '../http/access-tokens.js';
import { registerAccessMetrics } from '../http/access-metrics.js';
import { polls, serves, type ServiceRole } from './roles.js';

export interface ServiceOptions {
  log: Logger;
  /** Skip the start-up ingest (tests). */
  ingestAtStart?: boolean;
  /** Run the node-cron schedule (tests may turn it off). */
  schedule?: boolean;
  /** `worker`: polls, never listens; `web`: serves, never polls nor runs maintenance or alerts. Default `all`. */
  role?: ServiceRole;
}

export interface Service {
  url: string;
  /** Runs one ingest pass now (what each tick does). */
  ingestOnce(): Promise<void>;
  /** The embargo end the service will re-render the feeds at, or null. */
  embargoArmedFor(): string | null;
  /** Resolves when the start-up ingest is over. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/** Responses in progress get this long to finish once shutdown starts; then their sockets are closed. */
export const SHUTDOWN_GRACE_MS = 5000;

/** Stops accepting, closes idle and half-open connections at once, and the rest after `graceMs`. */
export function closeServer(server: Server, connections: ConnectionTracker, graceMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    // A socket without a response in progress: keep-alive between requests, or a request never completed.
    connections.closeUnanswered();
  });
}

export async function startService(loaded: LoadedConfig, options: ServiceOptions): Promise<Service> {
  const { log } = options;
  const role = options.role ?? 'all';
  const polling = polls(role);
  // Reassigned once below: with port 0 and no baseUrl, self links must name the port we got.
  let { config } = loaded;
  const databasePath = resolveDatabasePath(loaded);
  // Checkpoints run in a thread of their own: in a COMMIT they would hold the event loop for 100+ ms.
  const store = openStore(databasePath, { autoCheckpointPages: CHECKPOINTER_SAFETY_PAGES });
  const checkpointer = startWalCheckpointer(databasePath);
  // Feeds are selected and rendered in a worker thread; requests get the previous body meanwhile.
  const feedSource = createWorkerFeedSource({ config: () => config, store });
  const cache = createFeedCache({
    source: feedSource, generation: () => store.meta.generation(), generationTtlMs: 1000,
    onError: (id, err) => log.warn({ feed: id, err: (err as Error).message }, 'http: feed re-render failed; the previous body is served'),
  });
  const ops = createServiceOps({ store, cache, loaded: () => ({ ...loaded, config }), log, maintenanceTimers: polling && options.schedule !== false });
  const privacy = await createPrivateAccess({ config: () => config, tokens: sqliteTokenPort(store.tokens), log });
  const alertMetrics = registerAccessMetrics(ops.metrics.registry, { tokenRequests: privacy.access.counts, deliveries: () => store.alerts.summary() });
  const alerts = startAlertsLoop({ config: () => config, store, log, onAttempt: alertMetrics.observeWebhookAttempt, timers: polling });
  const server = createHttpServer({
    cache,
    feedIds: () => config.feeds.map((f) => f.id),
    formatsOf: (id) => (config.feeds.find((f) => f.id === id)?.formats ?? []) as OutputFormat[],
    health: () => ({ ok: true, items: store.items.count(), stories: store.stories.count(), generation: store.meta.generation() }),
    log,
    maxAgeSeconds: maxAgeFor(config.schedule),
    feedLinkHeader: feedLinkHeader(() => config),
    onResponse: ops.onResponse,
    authorizeFeed: privacy.access.checkFeed,
  }, privacy.guard([...createPublishingRoutes({ config: () => config, port: store.curate, generation: () => store.meta.generation(), maxAgeSeconds: maxAgeFor(config.schedule),
    matcher: (query, budgetMs) => store.search.searchWithin(query, budgetMs), checkToken: privacy.access.checkToken }), ...ops.routes]));
  const connections = trackConnections(server);
  // Commit slices yield to the server: waiting connections are accepted and requests served first;
  // with no client about, they grow to the size the ingest command uses.
  const turns = createServingTurns(server, { idleSliceMs: UNSERVED_SLICE_MS });
  if (serves(role)) await new Promise<void>((resolveListen, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      store.close();
      void checkpointer.close();
      const why = err.code === 'EADDRINUSE' ? 'the address is in use (another wiredesk?); stop it or set server.port' : err.message;
      reject(new WiredeskError('HTTP_LISTEN_FAILED', `http: cannot listen on ${config.server.host}:${config.server.port}: ${why}`, { cause: err }));
    });
    server.listen(config.server.port, config.server.host, () => resolveListen());
  });
  const address = server.address() as AddressInfo | null;
  const url = address === null ? '' : `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  if (config.server.port === 0 && config.server.baseUrl === undefined) config = { ...config, server: { ...config.server, baseUrl: url } };
  if (serves(role)) log.info({ url, feeds: config.feeds.map((f) => f.id) }, 'http: serving curated feeds');
  const publisher = createWebSubPublisher({
    hub: () => config.websub?.hub ?? null, topics: () => webSubTopics(config), etagOf: async (id, format) => (await cache.get(id, format))?.etag ?? null, log,
    refresh: () => cache.expireGeneration(), outbox: store.websub,
  });
  if (polling) void publisher.prime();
  const embargoes = createEmbargoTimer({
    nextEmbargo: (now) => store.wire.nextEmbargo(now), log,
    onLift: () => {
      // A web node only re-selects; the node that polls records the change for everyone.
      if (!polling) return cache.expireGeneration();
      store.transaction(() => {
        store.meta.bumpGeneration();
        store.websub.enqueue(new Date().toISOString());
      });
      cache.expireGeneration();
      void publisher.publishChanges();
    },
  });
  embargoes.arm();

  let inFlight: Promise<void> = Promise.resolve();
  const stopping = new AbortController();
  const ingestOnce = (): Promise<void> => {
    const pass = ingestPass();
    inFlight = Promise.all([inFlight, pass]).then(() => undefined);
    return pass;
  };
  const ingestPass = async (): Promise<void> => {
    try {
      const report = await ops.measure(() => runIngest({ ...loaded, config }, store, log, {
        onProgress: ops.onProgress, signal: stopping.signal, slicing: { yieldTurn: turns.yieldTurn, budgetMs: turns.sliceBudgetMs },
      }));
      // Our own pass changed the store: the next request must not reuse the memoized generation.
      cache.expireGeneration();
      if (report.skipped) log.info({ holder: report.holder }, 'ingest: skipped, another ingest is running');
      else if (report.outcomes.length > 0) log.info(summarizeOutcomes(report.outcomes).line);
      embargoes.arm();
      await publisher.publishChanges();
      void alerts.kick();
    } catch (err) {
      log.error({ err: (err as Error).message }, 'ingest: pass failed');
    }
  };
  const ready = options.ingestAtStart === false || !polling ? Promise.resolve() : ingestOnce();
  let task: RecurringTask | null = null;
  const schedule = (): RecurringTask => scheduleRecurring(config.schedule.cron, ingestOnce, {
    name: 'ingest', timezone: config.schedule.timezone,
    onSkip: () => log.warn('schedule: previous ingest still running; tick skipped'),
  });
  if (polling && options.schedule !== false) task = schedule();
  // Hot config: new sources are polled at once, removed ones are no longer selected, feeds re-render.
  const watcher = ops.watch((next) => {
    const before = config.schedule;
    config = config.server.port === 0 && next.config.server.baseUrl === undefined
      ? { ...next.config, server: { ...next.config.server, baseUrl: url } } : next.config;
    cache.invalidate();
    if (task !== null && (before.cron !== config.schedule.cron || before.timezone !== config.schedule.timezone)) {
      void task.stop();
      task = schedule();
    }
    if (polling) void ready.then(ingestOnce);
  });
  return {
    url,
    ingestOnce,
    ready,
    embargoArmedFor: () => embargoes.armedFor(),
    async close() {
      stopping.abort();
      embargoes.close();
      await task?.stop();
      watcher.close();
      ops.close();
      // No new connections; idle keep-alive sockets and clients that never finished a request go now.
      const serverClosed = closeServer(server, connections, SHUTDOWN_GRACE_MS);
      // Shutdown waits for the pass in progress: its current transaction commits or rolls back whole.
      await ready;
      await inFlight;
      await alerts.close();
      await privacy.close();
      await serverClosed;
      await feedSource.close?.();
      await checkpointer.close();
      store.close();
    },
  };
}
