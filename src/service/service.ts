/**
 * The long-running service: HTTP server over the render cache, an ingest at start-up, then one
 * ingest pass on every tick of the schedule (a pass still running makes the next tick skip).
 */
import type { AddressInfo } from 'node:net';
import { resolveDatabasePath, type LoadedConfig } from '../config/load-config.js';
import { createFeedLoader } from '../curate/feed-loader.js';
import { createFeedCache } from '../http/feed-cache.js';
import { createHttpServer } from '../http/server.js';
import { runIngest } from '../ingest/run-ingest.js';
import { summarizeOutcomes } from '../ingest/summary.js';
import type { Logger } from '../log/logger.js';
import type { OutputFormat } from '../model/curated.js';
import { scheduleRecurring, type RecurringTask } from '../schedule/cron.js';
import { openStore } from '../store/open-store.js';

export interface ServiceOptions {
  log: Logger;
  /** Skip the start-up ingest (tests). */
  ingestAtStart?: boolean;
  /** Run the node-cron schedule (tests may turn it off). */
  schedule?: boolean;
}

export interface Service {
  url: string;
  /** Runs one ingest pass now (what each tick does). */
  ingestOnce(): Promise<void>;
  /** Resolves when the start-up ingest is over. */
  ready: Promise<void>;
  close(): Promise<void>;
}

export async function startService(loaded: LoadedConfig, options: ServiceOptions): Promise<Service> {
  const { log } = options;
  const { config } = loaded;
  const store = openStore(resolveDatabasePath(loaded));
  const cache = createFeedCache({ loadFeed: createFeedLoader(() => config, store), generation: () => store.meta.generation() });
  const server = createHttpServer({
    cache,
    feedIds: () => config.feeds.map((f) => f.id),
    formatsOf: (id) => (config.feeds.find((f) => f.id === id)?.formats ?? []) as OutputFormat[],
    health: () => ({ ok: true, items: store.items.count(), stories: store.stories.count(), generation: store.meta.generation() }),
    log,
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(config.server.port, config.server.host, () => resolveListen());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  log.info({ url, feeds: config.feeds.map((f) => f.id) }, 'http: serving curated feeds');

  const ingestOnce = async (): Promise<void> => {
    try {
      const report = await runIngest(loaded, store, log);
      if (report.skipped) log.info({ holder: report.holder }, 'ingest: skipped, another ingest is running');
      else if (report.outcomes.length > 0) log.info(summarizeOutcomes(report.outcomes).line);
    } catch (err) {
      log.error({ err: (err as Error).message }, 'ingest: pass failed');
    }
  };
  const ready = options.ingestAtStart === false ? Promise.resolve() : ingestOnce();
  let task: RecurringTask | null = null;
  if (options.schedule !== false) {
    task = scheduleRecurring(config.schedule.cron, ingestOnce, {
      name: 'ingest', timezone: config.schedule.timezone,
      onSkip: () => log.warn('schedule: previous ingest still running; tick skipped'),
    });
  }
  return {
    url,
    ingestOnce,
    ready,
    async close() {
      await task?.stop();
      await ready;
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections?.();
      store.close();
    },
  };
}
