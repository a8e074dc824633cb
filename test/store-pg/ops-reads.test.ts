/** The token and ops read port contracts on PostgreSQL, over a migrate-store copy of the SQLite data. */
import { afterAll } from 'vitest';
import { openPgDatabase, type PgDatabase } from '../../src/store-pg/connection.js';
import { migrateStore } from '../../src/store-pg/migrate-store.js';
import { createPgOpsPort } from '../../src/store-pg/ops-reads.js';
import { createPgTokenPort } from '../../src/store-pg/tokens.js';
import { openStoreDump } from '../../src/store/store-dump.js';
import { createTestDatabase, describePg, dropTestDatabase } from '../helpers/pg.js';
import { filledSample, opsPortContract, tokenPortContract } from '../service/store-ports.contract.js';

describePg('store ports on PostgreSQL', () => {
  const opened: PgDatabase[] = [];
  let url = '';
  const open = async () => {
    url ||= await createTestDatabase();
    const db = await openPgDatabase(url, { max: 2 });
    opened.push(db);
    return db;
  };
  afterAll(async () => {
    await Promise.all(opened.map((db) => db.close()));
    if (url) await dropTestDatabase(url);
  });

  opsPortContract('PostgreSQL', async () => {
    const sample = await filledSample();
    const db = await open();
    const dump = openStoreDump(sample.store.path);
    try {
      await migrateStore(dump, db);
    } finally {
      dump.close();
    }
    return { port: createPgOpsPort(db.pool), reference: sample.store, loaded: sample.loaded };
  });

  // The migrated sample carries no tokens: this contract starts from an empty table too.
  tokenPortContract('PostgreSQL', async () => ({ port: createPgTokenPort(await open()), other: createPgTokenPort(await open()) }));
});
