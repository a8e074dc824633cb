/** `wiredesk recluster`: rebuilds every story from the stored items with the current dedup settings. */
import { reclusterStore } from '../dedup/recluster.js';
import { INGEST_LEASE } from '../ingest/run-ingest.js';
import type { Command } from './commands.js';
import { openWorkspace } from './open.js';

/** Long enough for a large store; the lease is released as soon as the rebuild ends. */
const LEASE_MS = 60 * 60_000;

export const reclusterCommand: Command = {
  summary: 'rebuild stories from stored items (after dedup thresholds change), in one transaction',
  async run(values) {
    const { loaded, store } = openWorkspace(values.config);
    const holder = `recluster-${process.pid}`;
    try {
      // Ingest and recluster both rewrite stories: never at the same time.
      if (!store.leases.acquire(INGEST_LEASE, holder, LEASE_MS, Date.now())) {
        process.stderr.write('recluster: an ingest is running; try again when it has finished\n');
        return 1;
      }
      const priorities = new Map(loaded.config.sources.map((s) => [s.id, s.priority]));
      const started = Date.now();
      const r = reclusterStore(store, loaded.config.dedup, (id) => priorities.get(id) ?? 0, new Date().toISOString());
      process.stdout.write(`recluster: ${r.items} items, ${r.storiesBefore} stories before, ${r.storiesAfter} after; `
        + `${r.merged} merged, ${r.split} split, ${r.moved} items moved (${Date.now() - started} ms)\n`);
      return 0;
    } finally {
      store.leases.release(INGEST_LEASE, holder);
      store.close();
    }
  },
};
