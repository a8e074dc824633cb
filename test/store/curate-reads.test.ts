import { afterAll } from 'vitest';
import { ingestedSample } from '../e2e/sample-workspace.js';
import { curatePortContract } from './curate-port.contract.js';

let close = () => undefined as void;
afterAll(() => close());

curatePortContract('SQLite', async () => {
  const sample = await ingestedSample();
  close = () => sample.store.close();
  return { port: sample.store.curate, reference: sample.store, loaded: sample.loaded };
});
