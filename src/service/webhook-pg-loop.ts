/**
 * Side jobs on PostgreSQL worker nodes: every few seconds, the clusterer's alert rows become
 * webhook deliveries, the due deliveries are sent (each by one worker: store-pg/outbox.ts), and a
 * WebSub pass pings the hub for the feeds a refresh changed (one worker at a time); hourly,
 * finished deliveries and stale cached pages are pruned. The same code
 * as SQLite's service (webhook-dispatch.ts, webhook-delivery.ts, http/websub.ts) over the
 * PostgreSQL implementations of their ports.
 */
import { retentionCutoff } from '../config/retention-window.js';
import type { Config } from '../config/schema.js';
import type { CuratePort } from '../curate/curate-port.js';
import { createFeedLoader } from '../curate/feed-loader.js';
import { createFeedCache } from '../http/feed-cache.js';
import { webSubTopics } from '../http/publishing.js';
import { createWebSubPublisher, type WebSubPublisher } from '../http/websub.js';
import type { PgWorker } from '../ingest/pg-ingest.js';
import type { Logger } from '../log/logger.js';
import type { PgDatabase } from '../store-pg/connection.js';
import { createPgCuratePort, readGeneration } from '../store-pg/curate-reads.js';
import { createPgAlertsPort, createPgWebSubOutbox, prunePgDeliveries } from '../store-pg/outbox.js';
import { createPgPagesPort } from '../store-pg/pages.js';
import { KEEP_FINISHED_MS, PRUNE_EVERY_MS, startPassLoop, type AlertsLoop } from './alerts-loop.js';
import { deliverTaken, type PortDeliveryDeps } from './webhook-delivery.js';
import { dispatchVia } from './webhook-dispatch.js';

export interface PgSideJobOptions extends Partial<Pick<PortDeliveryDeps, 'now' | 'post' | 'random' | 'onAttempt'>> {
  /** False: no timer, passes run only on kick (tests). */
  timers?: boolean;
}

/** Starts the side-job loop of a worker node; `kick` runs a pass now. */
export function startPgSideJobs(config: Config, db: PgDatabase, log: Logger, options: PgSideJobOptions = {}): AlertsLoop {
  const curate = createPgCuratePort(db.pool);
  const alerts = createPgAlertsPort(db, curate);
  const websub = pgPublisher(config, db, curate, log);
  const now = options.now ?? (() => new Date());
  const pages = createPgPagesPort(db.pool);
  let prunedAt = 0;
  return startPassLoop(async () => {
    const created = await dispatchVia(config, alerts, now());
    if (created > 0) log.info({ deliveries: created }, 'webhook: alerts queued');
    await deliverTaken(alerts, { config, log, ...options });
    await websub.publish();
    if (Date.now() - prunedAt > PRUNE_EVERY_MS) {
      await prunePgDeliveries(db, new Date(now().getTime() - KEEP_FINISHED_MS).toISOString());
      // As SQLite's maintenance does: cached article pages not fetched within retention go.
      await pages.prune(retentionCutoff(config, now()).toISOString());
      prunedAt = Date.now();
    }
  }, { log, timers: options.timers !== false, what: 'side jobs: pass failed (webhooks, WebSub); it is retried on the next one' });
}

/** The worker, stopping its side jobs first when it stops. */
export function withSideJobs(worker: PgWorker, sideJobs: AlertsLoop): PgWorker {
  return { holder: worker.holder, stop: () => sideJobs.close().then(() => worker.stop()) };
}

/** WebSub from a worker: the feeds rendered here (as a web node renders them) to learn their ETags. */
function pgPublisher(config: Config, db: PgDatabase, curate: CuratePort, log: Logger): { publish(): Promise<void> } {
  let generation = 0;
  const cache = createFeedCache({ loadFeed: createFeedLoader(() => config, curate), generation: () => generation });
  const publisher: WebSubPublisher = createWebSubPublisher({
    hub: () => config.websub?.hub ?? null, topics: () => webSubTopics(config), log, outbox: createPgWebSubOutbox(db),
    etagOf: async (id, format) => (await cache.get(id, format))?.etag ?? null,
  });
  return {
    async publish() {
      // Without a hub the pass only consumes the rows.
      generation = await readGeneration(db.pool);
      await publisher.publishChanges();
    },
  };
}
