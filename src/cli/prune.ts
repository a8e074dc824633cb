/**
 * `wiredesk prune`: retention and store upkeep once (what the service does every 6 hours), for
 * operators who ingest from system cron instead of running `start`.
 */
import { formatBytes } from '../http/dashboard-html.js';
import { INGEST_LEASE } from '../ingest/run-ingest.js';
import { runMaintenance } from '../service/maintenance.js';
import type { Command } from './commands.js';
import { openWorkspace } from './open.js';

const LEASE_MS = 10 * 60_000;

export const pruneCommand: Command = {
  summary: 'apply retention now: prune old items (leaving tombstones), expire tombstones, optimize; for cron',
  options: { wait: { type: 'string', default: '60' } },
  async run(values) {
    const { loaded, store } = openWorkspace(values.config);
    const holder = `prune-${process.pid}`;
    try {
      // Never in the middle of an ingest: its refreshes must see the store before or after.
      const deadline = Date.now() + Math.max(0, Number(values.wait) || 0) * 1000;
      while (!store.leases.acquire(INGEST_LEASE, holder, LEASE_MS, Date.now())) {
        if (Date.now() >= deadline) {
          process.stderr.write('prune: an ingest is running; try again when it has finished (or raise --wait)\n');
          return 1;
        }
        await new Promise((r) => setTimeout(r, 250));
      }
      const r = runMaintenance(store, loaded.config, new Date());
      process.stdout.write(`prune: ${r.items} items and ${r.stories} stories removed, ${r.tombstonesExpired} tombstones expired, `
        + `${r.tombstones} kept, ${r.pages} cached pages dropped${r.vacuumed ? ', vacuumed' : ''}; database ${formatBytes(store.sizeBytes())}\n`);
      return 0;
    } finally {
      store.leases.release(INGEST_LEASE, holder);
      store.close();
    }
  },
};
