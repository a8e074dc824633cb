/** The bundled samples ingested into SQLite, then copied by migrate-store into a fresh PostgreSQL database. */
import { ingestedSample } from '../e2e/sample-workspace.js';
import { openPgDatabase, type PgDatabase } from '../../src/store-pg/connection.js';
import { migrateStore, type MigrateReport } from '../../src/store-pg/migrate-store.js';
import { openStoreDump } from '../../src/store/store-dump.js';
import { createTestDatabase, dropTestDatabase } from '../helpers/pg.js';

export type MigratedSample = Awaited<ReturnType<typeof ingestedSample>> & {
  url: string;
  db: PgDatabase;
  report: MigrateReport;
  close(): Promise<void>;
};

export async function migratedSample(): Promise<MigratedSample> {
  const sample = await ingestedSample();
  const url = await createTestDatabase();
  const db = await openPgDatabase(url, { max: 2 });
  const dump = openStoreDump(sample.store.path);
  try {
    const report = await migrateStore(dump, db);
    return {
      ...sample, url, db, report,
      async close() {
        sample.store.close();
        await db.close();
        await dropTestDatabase(url);
      },
    };
  } finally {
    dump.close();
  }
}
