import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { silentLogger } from '../../src/log/logger.js';
import { startService, type Service } from '../../src/service/service.js';
import { openStore } from '../../src/store/open-store.js';
import { startFixtureServer, type FixtureServer } from '../fetch/fixture-server.js';
import { hostileRoutes } from './hostile-routes.js';

let server: FixtureServer;
let service: Service;
let dbPath: string;

beforeAll(async () => {
  server = await startFixtureServer(hostileRoutes());
  const dir = mkdtempSync(join(tmpdir(), 'wd-huge-'));
  dbPath = join(dir, 'wd.db');
  writeFileSync(join(dir, 'feeds.config.json'), JSON.stringify({
    database: dbPath, server: { port: 0 }, fetch: { timeoutMs: 20_000 }, retention: { days: 36500 },
    sources: [{ id: 'good', url: server.url('/good.rss'), kind: 'wire' }, { id: 'many', url: server.url('/many'), kind: 'wire' }],
    feeds: [{ id: 'all', title: 'All' }],
  }));
  service = await startService(loadConfig(join(dir, 'feeds.config.json')), { log: silentLogger(), ingestAtStart: false, schedule: false });
  await service.ingestOnce();
}, 60_000);

afterAll(async () => {
  await service?.close();
  await server?.close();
});

describe('a feed of 100,000 items', () => {
  it('is stored up to the per-refresh cap without failing the other source, and the service still answers', async () => {
    const store = openStore(dbPath, { readonly: true });
    try {
      const counts = store.items.countBySource();
      expect(store.sources.get('many')?.lastErrorCode ?? null).toBeNull();
      expect(counts.get('many') ?? 0).toBeGreaterThan(0);
      expect(counts.get('many') ?? 0).toBeLessThan(100_000);
      expect(counts.get('good')).toBe(2);
    } finally {
      store.close();
    }
    expect((await fetch(`${service.url}/feeds/all.rss`)).status).toBe(200);
  });
});
