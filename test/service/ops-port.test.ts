/** The token and ops read port contracts on SQLite (test/store-pg/ops-reads.test.ts runs them on PostgreSQL). */
import { openStore } from '../../src/store/open-store.js';
import { sqliteTokenPort } from '../../src/http/access-tokens.js';
import { sqliteOpsPort } from '../../src/service/ops-port.js';
import { tempStore } from '../helpers/temp-store.js';
import { filledSample, opsPortContract, tokenPortContract } from './store-ports.contract.js';

tokenPortContract('SQLite', async () => {
  const { store, path } = tempStore();
  return { port: sqliteTokenPort(store.tokens), other: sqliteTokenPort(openStore(path).tokens) };
});

opsPortContract('SQLite', async () => {
  const sample = await filledSample();
  return { port: sqliteOpsPort(sample.store), reference: sample.store, loaded: sample.loaded };
});
