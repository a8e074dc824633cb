/**
 * `wiredesk ingest`: one pass over due (or named) sources, for system cron. The parse threads
 * start first and load their modules while this thread loads its own; each backend's modules load
 * only when its database is the configured one.
 */
import type { LoadedConfig } from '../config/load-config.js';
import type { RefreshOutcome } from '../ingest/refresh-source.js';
import { PARSE_THREADS, startParseThreads, type ParseThreads } from '../ingest/read-feed-pool.js';
import type { Command } from './commands.js';

export const ingestCommand: Command = {
  summary: 'one pass over due sources (--source ID to name some, --all for every one), for cron',
  options: {
    source: { type: 'string', multiple: true },
    all: { type: 'boolean', default: false },
    wait: { type: 'string', default: '0' },
  },
  async run(values) {
    const threads = startParseThreads(PARSE_THREADS);
    try {
      const { loadConfig, resolveDatabase } = await import('../config/load-config.js');
      const loaded = loadConfig(values.config);
      if (resolveDatabase(loaded).kind === 'postgres') return await ingestOnPostgres(loaded, values, threads);
      return await ingestOnSqlite(loaded, values, threads);
    } finally {
      await threads.close();
    }
  },
};

async function ingestOnSqlite(loaded: LoadedConfig, values: Record<string, unknown>, threads: ParseThreads): Promise<number> {
  const [{ resolveDatabasePath }, { openStore }, { runIngest, UNSERVED_SLICE_MS }, { createLogger }, { summarizeOutcomes }] = await Promise.all([
    import('../config/load-config.js'), import('../store/open-store.js'), import('../ingest/run-ingest.js'),
    import('../log/logger.js'), import('../ingest/summary.js'),
  ]);
  const store = openStore(resolveDatabasePath(loaded));
  const tty = process.stderr.isTTY === true;
  const log = createLogger({ level: tty ? 'warn' : 'error' });
  try {
    const report = await runIngest(loaded, store, log, {
      sourceIds: values.source as string[] | undefined,
      all: values.all as boolean,
      waitMs: Math.max(0, Number(values.wait) || 0) * 1000,
      onProgress: tty ? progressLine() : undefined,
      threads,
      // No server runs in this process: commits need not be cut for its latency.
      slicing: { budgetMs: UNSERVED_SLICE_MS },
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
    const { runAlertsOnce } = await import('../service/alerts-loop.js');
    await runAlertsOnce(loaded.config, store, log).catch((err: unknown) => {
      process.stderr.write(`ingest: webhook alerts not sent now (${(err as Error).message}); the next run or the service sends them\n`);
    });
    return 0;
  } finally {
    store.close();
  }
}

/** PostgreSQL: this process shares the pass with every other ingest and worker on the database. */
async function ingestOnPostgres(loaded: LoadedConfig, values: Record<string, unknown>, threads: ParseThreads): Promise<number> {
  const [{ openPgDatabase }, { runPgIngest }, { createLogger }, { summarizeOutcomes }] = await Promise.all([
    import('../store-pg/connection.js'), import('../ingest/pg-ingest.js'), import('../log/logger.js'), import('../ingest/summary.js'),
  ]);
  const tty = process.stderr.isTTY === true;
  const log = createLogger({ level: tty ? 'warn' : 'error' });
  const db = await openPgDatabase(loaded.config.database, { max: loaded.config.fetch.concurrency + 2, applicationName: 'wiredesk ingest',
    onIdleError: (message) => log.warn(message) });
  try {
    const outcomes = await runPgIngest(loaded, db, log, {
      sourceIds: values.source as string[] | undefined,
      all: values.all as boolean,
      onProgress: tty ? progressLine() : undefined,
      threads,
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
