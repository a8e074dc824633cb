import { afterAll } from 'vitest';
import { createLocalAlertsPort } from '../../src/service/webhook-port.js';
import type { Store } from '../../src/store/open-store.js';
import { tempStore } from '../helpers/temp-store.js';
import { sideJobPortsContract } from './side-job-ports.contract.js';

let store: Store | null = null;
afterAll(() => store?.close());

sideJobPortsContract('SQLite', async () => {
  store = tempStore().store;
  const s = store;
  return { pages: s.pages, alerts: createLocalAlertsPort(s), enqueue: async (storyId, at) => s.alerts.enqueue(storyId, at) };
});
