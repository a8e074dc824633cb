/** `wiredesk recluster`: rebuilds every story from the stored items with the current dedup settings. */
import { loadConfig, resolveDatabase, type LoadedConfig } from '../config/load-config.js';
import { reclusterStore, type ReclusterReport } from '../dedup/recluster.js';
import { INGEST_LEASE } from '../ingest/run-ingest.js';
import { reclusterPg } from '../service/clusterer-batch.js';
import { openStore } from '../store/open-store.js';
import { withStorySession } from '../store-pg/story-session.js';
import type { Command } from './commands.js';

/** Long enough for a large store; the lease is released as soon as the rebuild ends. */
const LEASE_MS = 60 * 60_000;

export const reclusterCommand: Command = {
  summary: 'rebuild stories from stored items (after dedup thresholds change), in one transaction',
  async run(values) {
    const loaded = loadConfig(values.config);
    const priorities = new Map(loaded.config.sources.map((s) => [s.id, s.priority]));
    const priorityOf = (id: string) => priorities.get(id) ?? 0;
    const started = Date.now();
    const target = resolveDatabase(loaded);
    const r = target.kind === 'postgres' ? await reclusterOnPostgres(target.url, loaded, priorityOf) : reclusterOnSqlite(target.path, loaded, priorityOf);
    if (!r) {
      process.stderr.write('recluster: an ingest is running; try again when it has finished\n');
      return 1;
    }
    process.stdout.write(`recluster: ${r.items} items, ${r.storiesBefore} stories before, ${r.storiesAfter} after; `
      + `${r.merged} merged, ${r.split} split, ${r.moved} items moved (${Date.now() - started} ms)\n`);
    return 0;
  },
};

function reclusterOnSqlite(path: string, loaded: LoadedConfig, priorityOf: (id: string) => number): ReclusterReport | null {
  const store = openStore(path);
  const holder = `recluster-${process.pid}`;
  try {
    // Ingest and recluster both rewrite stories: never at the same time.
    if (!store.leases.acquire(INGEST_LEASE, holder, LEASE_MS, Date.now())) return null;
    return reclusterStore(store, loaded.config.dedup, priorityOf, new Date().toISOString());
  } finally {
    store.leases.release(INGEST_LEASE, holder);
    store.close();
  }
}

/** Ingests may go on: items they commit meanwhile are placed by the clusterer's next batch, which waits for this one. */
async function reclusterOnPostgres(url: string, loaded: LoadedConfig, priorityOf: (id: string) => number): Promise<ReclusterReport> {
  return withStorySession(url, 'wiredesk-recluster', (client) =>
    reclusterPg(client, { settings: loaded.config.dedup, priorityOf, holder: `recluster-${process.pid}` }));
}
