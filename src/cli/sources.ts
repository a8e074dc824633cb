/** `wiredesk sources`: the health table of the configured sources, on either backend. */
import { loadConfig } from '../config/load-config.js';
import type { Command } from './commands.js';
import { openStorePorts } from './open.js';

export const sourcesCommand: Command = {
  summary: 'table of sources: last fetch, HTTP status, items, errors, next fetch',
  options: { json: { type: 'boolean', default: false } },
  async run(values) {
    const loaded = loadConfig(values.config);
    const ports = await openStorePorts(loaded, 'sources');
    try {
      const [counts, tooOld, states] = await Promise.all([ports.ops.itemsBySource(), ports.ops.tooOldBySource(), ports.ops.sourceStates(Date.now())]);
      const rows = loaded.config.sources.map((s) => {
        const st = states.get(s.id);
        return {
          id: s.id, kind: s.kind, enabled: s.enabled, lastFetch: st?.lastFetchAt ?? null, status: st?.lastStatus ?? null,
          items: counts.get(s.id) ?? 0, tooOld: tooOld.get(s.id) ?? 0, errors: st?.errorCount ?? 0, nextFetch: st?.nextFetchAt ?? null,
          lastError: st?.lastError ?? null, skipped: st?.lastSkipped ?? null, url: st?.currentUrl ?? s.url, claimedBy: st?.claimedBy ?? null,
        };
      });
      if (values.json) {
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return 0;
      }
      // Only PostgreSQL shares the polling: there a column says which worker holds each claim now.
      const claims = rows.some((r) => r.claimedBy !== null);
      const table = [['SOURCE', 'KIND', 'LAST FETCH', 'STATUS', 'ITEMS', 'TOO OLD', 'ERRORS', 'NEXT FETCH', ...(claims ? ['CLAIMED BY'] : []), 'LAST ERROR / SKIPPED']];
      for (const r of rows) {
        table.push([r.enabled ? r.id : `${r.id} (disabled)`, r.kind, short(r.lastFetch), r.status === null ? '-' : String(r.status),
          String(r.items), String(r.tooOld), String(r.errors), short(r.nextFetch), ...(claims ? [r.claimedBy ?? '-'] : []), (r.lastError ?? r.skipped)?.slice(0, 80) ?? '-']);
      }
      process.stdout.write(`${formatTable(table)}\n`);
      return 0;
    } finally {
      await ports.close();
    }
  },
};

function short(iso: string | null): string {
  return iso ? iso.slice(0, 19).replace('T', ' ') : 'never';
}

export function formatTable(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')).join('\n');
}
