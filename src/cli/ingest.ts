/** `wiredesk ingest`: one pass over due (or named) sources, for system cron. */
import type { RefreshOutcome } from '../ingest/refresh-source.js';
import { loadConfig, resolveDatabase, resolveDatabasePath, type LoadedConfig } from '../config/load-config.js';
import { runPgIngest } from '../ingest/pg-ingest.js';
import { runIngest } from '../ingest/run-ingest.js';
import { openPgDatabase } from '../store-pg/connection.js';
import { summarizeOutcomes } from '../ingest/summary.js';
import { createLogger } from '../log/logger.js';
import type { Command } from './commands.js';
import { openStore } from '../store/open-store.js';
import { runAlertsOnce } from '../service/alerts-loop.js';

export const ingestCommand: Command = {
  summary: 'one pass over due sources (--source ID to name some, --all for every one), for cron',
  options: {
    source: { type: 'string', multiple: true },
    all: { type: 'boolean', default: false },
    wait: { type: 'string', default: '0' },
  },
  async run(values) {
    const loaded = loadConfig(values.config);
    if (resolveDatabase(loaded).kind === 'postgres') return ingestOnPostgres(loaded, values);
    const store = openStore(resolveDatabasePath(loaded));
    const tty = process.stderr.isTTY === true;
    const log = createLogger({ level: tty ? 'warn' : 'error' });
    try {
      const report = await runIngest(loaded, store, log, {
        sourceIds: values.source as string[] | undefined,
        all: values.all as boolean,
        waitMs: Math.max(0, Number(values.wait) || 0) * 1000,
        onProgress: tty ? progressLine() : undefined,
      });
      if (tty) process.stderr.write('\r\x1b[K');
      if (report.skipped) {
        process.stdout.write(`ingest: skipped, another ingest is running (${report.holder})\n`);
        return 0;
      }
      const summary = summarizeOutcomes(report.outcomes);
      for (const failure of summary.failures) process.stderr.write(`ingest: ${failure}\n`);
      process.stdout.write(`${summary.line}\n`);
      // Cron deployments alert too: new stories become deliveries, and the due ones are sent once.
      await runAlertsOnce(loaded.config, store, log).catch((err: unknown) => {
        process.stderr.write(`ingest: webhook alerts not sent now (${(err as Error).message}); the next run or the service sends them\n`);
      });
      return 0;
    } finally {
      store.close();
    }
  },
};

/** PostgreSQL: this process shares the pass with every other ingest and worker on the database. */
async function ingestOnPostgres(loaded: LoadedConfig, values: Record<string, unknown>): Promise<number> {
  const tty = process.stderr.isTTY === true;
  const log = createLogger({ level: tty ? 'warn' : 'error' });
  const db = await openPgDatabase(loaded.config.database, { max: loaded.config.fetch.concurrency + 2, applicationName: 'wiredesk ingest',
    onIdleError: (message) => log.warn(message) });
  try {
    const outcomes = await runPgIngest(loaded, db, log, {
      sourceIds: values.source as string[] | undefined,
      all: values.all as boolean,
      onProgress: tty ? progressLine() : undefined,
    });
    if (tty) process.stderr.write('\r\x1b[K');
    const summary = summarizeOutcomes(outcomes);
    for (const failure of summary.failures) process.stderr.write(`ingest: ${failure}\n`);
    process.stdout.write(`${summary.line}\n`);
    return 0;
  } finally {
    await db.close();
  }
}

/** The terminal progress line: sources done/total and running item counts. */
function progressLine(): (o: RefreshOutcome, done: number, total: number) => void {
  let added = 0;
  let updated = 0;
  let failed = 0;
  return (o, done, total) => {
    if (o.status === 'failed') failed += 1;
    else {
      added += o.added;
      updated += o.updated;
    }
    process.stderr.write(`\r${done}/${total} sources · ${added} new · ${updated} updated · ${failed} failed · ${o.sourceId}: ${o.status}\x1b[K`);
  };
}
