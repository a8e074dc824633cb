/**
 * `wiredesk migrate-store --to postgres://… [--from FILE]`: copies the SQLite store (the config's
 * `database`, or --from) into an empty PostgreSQL database, in one transaction, then prints the
 * rows copied per table. Afterwards point `database` (or WIREDESK_DATABASE_URL) at the URL.
 */
import { resolve } from 'node:path';
import { loadConfig, resolveDatabase } from '../config/load-config.js';
import { WiredeskError } from '../model/errors.js';
import { isPostgresUrl, openPgDatabase } from '../store-pg/connection.js';
import { migrateStore } from '../store-pg/migrate-store.js';
import { openStoreDump } from '../store/store-dump.js';
import type { Command } from './commands.js';

export const migrateStoreCommand: Command = {
  summary: 'copy the SQLite store into an empty PostgreSQL database (--to postgres://…)',
  options: { to: { type: 'string' }, from: { type: 'string' } },
  async run(values) {
    const to = typeof values.to === 'string' ? values.to : '';
    if (!isPostgresUrl(to)) {
      process.stderr.write('usage: wiredesk migrate-store --to postgres://user@host/db [--from FILE]\n');
      return 1;
    }
    const source = sourcePath(values.config, values.from);
    const dump = openStoreDump(source);
    try {
      const target = await openPgDatabase(to, { applicationName: 'wiredesk migrate-store', max: 1 });
      try {
        const report = await migrateStore(dump, target);
        for (const [table, rows] of Object.entries(report.tables)) process.stdout.write(`${table.padEnd(22)} ${rows}\n`);
        for (const [table, rows] of Object.entries(report.skipped)) process.stdout.write(`${table.padEnd(22)} ${rows} not carried (no PostgreSQL table yet)\n`);
        process.stdout.write(`migrate-store: copied ${source} into ${target.safeUrl}\n`);
        return 0;
      } finally {
        await target.close();
      }
    } finally {
      dump.close();
    }
  },
};

function sourcePath(configPath: string, from: unknown): string {
  if (typeof from === 'string' && from !== '') return resolve(from);
  const target = resolveDatabase(loadConfig(configPath));
  if (target.kind === 'sqlite') return target.path;
  throw new WiredeskError('CONFIG_INVALID', 'migrate-store: the config names a PostgreSQL database (or WIREDESK_DATABASE_URL is set); give the SQLite file with --from FILE');
}
