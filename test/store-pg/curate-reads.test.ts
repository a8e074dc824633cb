import { afterAll } from 'vitest';
import { createPgCuratePort } from '../../src/store-pg/curate-reads.js';
import { describePg } from '../helpers/pg.js';
import { curatePortContract } from '../store/curate-port.contract.js';
import { migratedSample, type MigratedSample } from './migrated-sample.js';

let sample: MigratedSample | null = null;
afterAll(async () => sample?.close());

describePg('PostgreSQL', () => {
  curatePortContract('PostgreSQL', async () => {
    sample = await migratedSample();
    return { port: createPgCuratePort(sample.db.pool), reference: sample.store, loaded: sample.loaded };
  });
});
