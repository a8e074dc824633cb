import { mkdtempSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { silentLogger } from '../../src/log/logger.js';
import { startService, type Service } from '../../src/service/service.js';
import { openStore } from '../../src/store/open-store.js';
import type { SourceState } from '../../src/store/sources-table.js';
import { startFixtureServer, type FixtureServer } from '../fetch/fixture-server.js';
import { hostileRoutes } from './hostile-routes.js';

const HOSTILE: Record<string, string> = {
  never: '/never', slow: '/slow', endless: '/endless', bomb: '/bomb', loop: '/loop-a', error: '/error', empty: '/empty',
  html: '/html', 'bad-utf8': '/bad-utf8', laughs: '/laughs', xxe: '/xxe', 'big-item': '/big-item',
};

let server: FixtureServer;
let service: Service;
let dbPath: string;
let states: Map<string, SourceState>;
const duringIngest: number[] = [];

beforeAll(async () => {
  server = await startFixtureServer(hostileRoutes());
  const dir = mkdtempSync(join(tmpdir(), 'wd-faults-'));
  dbPath = join(dir, 'wd.db');
  const sources = [['good', '/good.rss'], ...Object.entries(HOSTILE)].map(([id, path]) => ({ id, url: server.url(path as string), kind: 'wire' }));
  writeFileSync(join(dir, 'feeds.config.json'), JSON.stringify({
    database: dbPath, server: { port: 0 }, retention: { days: 36500 },
    fetch: { timeoutMs: 5000, maxBytes: 20 * 1024 * 1024, concurrency: 16, perHostConcurrency: 16 },
    sources, feeds: [{ id: 'all', title: 'All', include: { sources: ['good'] } }],
  }));
  service = await startService(loadConfig(join(dir, 'feeds.config.json')), { log: silentLogger(), ingestAtStart: false, schedule: false });
  const ingest = service.ingestOnce();
  let finished = false;
  void ingest.finally(() => { finished = true; });
  // The service keeps answering while hostile sources are being fetched.
  while (!finished) {
    duringIngest.push(await statusOf(`${service.url}/healthz`));
    await new Promise((r) => setTimeout(r, 200));
  }
  await ingest;
  const store = openStore(dbPath, { readonly: true });
  states = new Map(store.sources.all().map((s) => [s.id, s]));
  store.close();
  if (process.env.WD_DEBUG) for (const st of states.values()) console.log(st.id, st.lastErrorCode, st.lastError);
}, 60_000);

/** A fresh connection per request: a keep-alive socket closed by the server would be a client-side race. */
function statusOf(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).on('error', reject);
  });
}

afterAll(async () => {
  await service?.close();
  await server?.close();
});

function errorOf(id: string): { code: string | null; message: string | null; count: number; next: string | null } {
  const s = states.get(id);
  return { code: s?.lastErrorCode ?? null, message: s?.lastError ?? null, count: s?.errorCount ?? -1, next: s?.nextFetchAt ?? null };
}

describe('hostile and broken sources', () => {
  it('keeps serving health and feeds while they are fetched', async () => {
    expect(duringIngest.length).toBeGreaterThan(0);
    expect(duringIngest.every((s) => s === 200)).toBe(true);
    const feed = await fetch(`${service.url}/feeds/all.rss`);
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain('Harbour reopens');
  });

  it('stores the healthy source as a success', () => {
    expect(errorOf('good')).toMatchObject({ code: null, count: 0 });
  });

  it.each([
    ['never', 'FETCH_TIMEOUT', /within 5000 ms/],
    ['slow', 'FETCH_TIMEOUT', /within 5000 ms/],
    ['endless', 'FETCH_TOO_LARGE', /larger than 20971520 bytes/],
    ['bomb', 'FETCH_TOO_LARGE', /after decompression/],
    ['loop', 'FETCH_TOO_MANY_REDIRECTS', /loop/],
    ['error', 'FETCH_HTTP_STATUS', /500 from/],
    ['empty', 'FETCH_EMPTY', /empty body/],
    ['big-item', 'FETCH_TOO_LARGE', /larger than/],
  ])('fails the %s source alone with %s, a precise message and a next attempt', (id, code, message) => {
    const error = errorOf(id);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.count).toBe(1);
    expect(error.next).not.toBeNull();
  });

  it('refuses an HTML page without articles with an error that names it and says what to do', () => {
    const error = errorOf('html');
    expect(['PARSE_UNKNOWN_FORMAT', 'SCRAPE_FAILED']).toContain(error.code);
    expect(error.message).toMatch(/^(parse|scrape): .*\/html.*; (point|set) /);
  });

  it('never expands billion-laughs entities: refused, or stored without the expansion', () => {
    const store = openStore(dbPath, { readonly: true });
    try {
      const items = store.items.candidates({ sourceIds: ['laughs'], since: null, limit: 10 });
      expect(items.every((i) => !i.title.includes('lollol') && i.contentText.length < 1000)).toBe(true);
      expect(errorOf('laughs').code === null || /^PARSE_/.test(errorOf('laughs').code ?? '')).toBe(true);
    } finally {
      store.close();
    }
  });

  it('never expands an external entity into a stored item', () => {
    const store = openStore(dbPath, { readonly: true });
    try {
      const leaked = store.items.candidates({ sourceIds: ['xxe'], since: null, limit: 10 });
      expect(leaked.every((i) => !i.contentText.includes('root:') && !i.title.includes('root:'))).toBe(true);
      expect(errorOf('xxe').code === null || /^PARSE_/.test(errorOf('xxe').code ?? '')).toBe(true);
    } finally {
      store.close();
    }
  });

  it('stores a feed with invalid UTF-8 with the bad bytes replaced, not dropped', () => {
    expect(errorOf('bad-utf8').code).toBeNull();
    const store = openStore(dbPath, { readonly: true });
    try {
      const [item] = store.items.candidates({ sourceIds: ['bad-utf8'], since: null, limit: 1 });
      expect(item?.title).toMatch(/^Caf.+ opens$/);
    } finally {
      store.close();
    }
  });
});
