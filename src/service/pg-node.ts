/**
 * `wiredesk start` on a PostgreSQL store: a web node (feeds, search, OPML and /healthz through
 * curate's port, re-selected when the generation moves: polled every second and NOTIFYed by each
 * commit), a worker (the shared polling loop: claims, fenced commits), or both. A web node never
 * fetches (its only writes are token request counts); a worker never listens. The web node itself
 * is in pg-web.ts: private feeds, search, the dashboard and /metrics as on SQLite.
 */
import type { LoadedConfig } from '../config/load-config.js';
import { startPgWorker, type PgWorker } from '../ingest/pg-ingest.js';
import type { Logger } from '../log/logger.js';
import { openPgDatabase } from '../store-pg/connection.js';
import { startStoryClusterer, type StoryClusterer } from './clusterer.js';
import { startPgWebNode, type WebNode } from './pg-web.js';
import { startPgSideJobs, withSideJobs } from './webhook-pg-loop.js';
import { polls, serves, type ServiceRole } from './roles.js';

export interface PgNode {
  /** The web node's URL; null for a worker. */
  url: string | null;
  close(): Promise<void>;
}

export async function startPgNode(loaded: LoadedConfig, role: ServiceRole, log: Logger): Promise<PgNode> {
  const { config } = loaded;
  // A web node writes only token request counts (a refused write is logged, the counts kept), so it
  // may run on a read-only role or a standby: a worker migrates the schema.
  const db = await openPgDatabase(config.database, { max: config.fetch.concurrency + 4, applicationName: `wiredesk ${role}`,
    migrate: polls(role), onIdleError: (message) => log.warn(message) });
  let worker: PgWorker | null = null;
  let clusterer: StoryClusterer | null = null;
  let web: WebNode | null = null;
  try {
    if (serves(role)) web = await startPgWebNode(loaded, db, log);
    if (polls(role)) {
      worker = withSideJobs(startPgWorker(loaded, db, log, web === null ? {} : { onProgress: web.onProgress }), startPgSideJobs(config, db, log));
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
