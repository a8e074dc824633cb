/**
 * `wiredesk cluster`: the story clusterer of a PostgreSQL store, until SIGTERM/SIGINT. Run it in
 * any number of processes: one is elected and places committed items into stories, the others
 * stand by and take over when it dies. (On SQLite each ingest places its own items.)
 */
import { loadConfig, resolveDatabase } from '../config/load-config.js';
import { createLogger } from '../log/logger.js';
import { startStoryClusterer } from '../service/clusterer.js';
import { openPgDatabase } from '../store-pg/connection.js';
import type { Command } from './commands.js';

export const clusterCommand: Command = {
  summary: 'place committed items into stories on a PostgreSQL store (one elected clusterer; the others stand by)',
  async run(values) {
    const loaded = loadConfig(values.config);
    const target = resolveDatabase(loaded);
    if (target.kind !== 'postgres') {
      process.stderr.write('cluster: needs a postgres:// database; on SQLite every ingest places its own items\n');
      return 2;
    }
    // Opening migrates the schema (under its lock) before the clusterer reads it.
    await (await openPgDatabase(target.url, { max: 1, applicationName: 'wiredesk-cluster' })).close();
    const log = createLogger();
    const clusterer = startStoryClusterer(loaded.config, target.url, log);
    await new Promise<void>((done) => {
      for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => done());
    });
    await clusterer.stop();
    return 0;
  },
};
