/**
 * A hostile page as a `type: "html"` source: 100,000 nested `<div>`s (1.1 MB). It is extracted in
 * the parser worker pool (the compiled service, as `npm start` runs it), so /healthz keeps
 * answering while it is read, and the article under the divs is kept.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as ConfigModule from '../../src/config/load-config.js';
import type * as ServiceModule from '../../src/service/service.js';
import { silentLogger } from '../../src/log/logger.js';
import { openStore } from '../../src/store/open-store.js';
import { startFixtureServer, type FixtureServer } from '../fetch/fixture-server.js';

// The worker pool runs compiled code: the service is loaded from dist/ (npm test builds it first).
const { startService } = (await import(new URL('../../dist/service/service.js', import.meta.url).href)) as typeof ServiceModule;
const { loadConfig } = (await import(new URL('../../dist/config/load-config.js', import.meta.url).href)) as typeof ConfigModule;

const PARAGRAPHS = Array.from({ length: 4 }, (_v, i) => `<p>Paragraph ${i} of a story buried under a hundred thousand divs, with commas, clauses and a full stop.</p>`).join('');
const DEEP = `<html lang="en"><head><title>Buried story</title></head><body>${'<div>'.repeat(100_000)}<h1>Buried story</h1>${PARAGRAPHS}${'</div>'.repeat(100_000)}</body></html>`;

let server: FixtureServer;
let service: ServiceModule.Service;
let dbPath: string;
const healthDuringIngest: number[] = [];

beforeAll(async () => {
  server = await startFixtureServer({ '/deep/': (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end(DEEP) });
  const dir = mkdtempSync(join(tmpdir(), 'wd-deep-'));
  dbPath = join(dir, 'wd.db');
  writeFileSync(join(dir, 'feeds.config.json'), JSON.stringify({
    database: dbPath, server: { port: 0 },
    sources: [{ id: 'deep', url: server.url('/deep/'), kind: 'partner', type: 'html' }], feeds: [{ id: 'all', title: 'All' }],
  }));
  service = await startService(loadConfig(join(dir, 'feeds.config.json')), { log: silentLogger(), ingestAtStart: false, schedule: false });
  let finished = false;
  const ingest = service.ingestOnce().finally(() => { finished = true; });
  while (!finished) {
    healthDuringIngest.push((await fetch(`${service.url}/healthz`, { headers: { connection: 'close' } })).status);
    await new Promise((r) => setTimeout(r, 50));
  }
  await ingest;
}, 120_000);

afterAll(async () => {
  await service?.close();
  await server?.close();
});

describe('a page of 100,000 nested divs', () => {
  it('leaves /healthz answering while it is extracted', () => {
    expect(healthDuringIngest.length).toBeGreaterThan(1);
    expect(healthDuringIngest.every((s) => s === 200 || s === 503)).toBe(true);
  });

  it('is read as the article it holds, flattened past the nesting cap', () => {
    const store = openStore(dbPath, { readonly: true });
    try {
      expect(store.sources.get('deep')?.lastError ?? null).toBeNull();
      const [item] = store.items.candidates({ sourceIds: ['deep'], since: null, limit: 10 });
      expect(item?.title).toBe('Buried story');
      expect(item?.contentText).toContain('Paragraph 3 of a story buried');
      expect(item?.dateSource).toBe('first-seen');
    } finally {
      store.close();
    }
  });
});
