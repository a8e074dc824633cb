/**
 * /healthz while /search is busy: a store of 20,000 items, one client sending heavy searches
 * (eight 3-letter prefixes, the most the caps allow; each query distinct, so never cached) back
 * to back while another polls /healthz. Run twice in the same process: matching on the event loop
 * (as before the search thread) and on the search thread. Prints /healthz latency and the ratio.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfigText } from '../src/config/load-config.js';
import { selectSearchFeed } from '../src/curate/search-feed.js';
import { createFeedCache } from '../src/http/feed-cache.js';
import { createSearchRoute } from '../src/http/search-route.js';
import { createHttpServer } from '../src/http/server.js';
import { openStore, type Store } from '../src/store/open-store.js';
import { fillWordSaladStore } from './word-salad-store.js';

const ITEMS = 20_000;
const SEARCHES = 30;
const HEAVY = 'kar* OR rom* OR mir* OR tes* OR sul* OR lan* OR nep* OR por*';

function get(port: number, path: string): Promise<number> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    httpRequest({ host: '127.0.0.1', port, path }, (res) => {
      res.resume();
      res.on('end', () => resolve(performance.now() - start));
    }).on('error', reject).end();
  });
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return typeof address === 'object' && address !== null ? address.port : 0;
}

/** Heavy searches back to back; /healthz polled meanwhile. Returns /healthz latencies and the searches' wall time. */
async function measure(store: Store, path: string, label: string): Promise<{ health: number[]; searchMs: number }> {
  const config = parseConfigText(JSON.stringify({ database: path, server: { searchTimeoutMs: 60_000 }, sources: [{ id: 'wire', url: 'https://wire.example/rss', kind: 'wire' }] }), '/tmp/c.json').config;
  const route = createSearchRoute({ search: (query) => selectSearchFeed({ query }, config, store.curate, new Date('2024-04-18T00:00:00Z'), store.search.searchWithin), maxAgeSeconds: 60, inputs: () => [1] });
  const cache = createFeedCache({ loadFeed: () => null, generation: () => 1 });
  const server = createHttpServer({ cache, feedIds: () => [], formatsOf: () => [], health: () => ({ ok: true }) }, [route]);
  const port = await listen(server);
  await get(port, `/search.json?q=warmup`);
  let busy = true;
  const start = performance.now();
  const searches = (async () => {
    for (let i = 0; i < SEARCHES; i++) await get(port, `/search.json?q=${encodeURIComponent(`${HEAVY} OR w${label}${i}`)}`);
    busy = false;
  })();
  const health: number[] = [];
  while (busy) health.push(await get(port, '/healthz'));
  await searches;
  const searchMs = performance.now() - start;
  await new Promise((resolve) => server.close(resolve));
  return { health, searchMs };
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? 0;

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'wd-bench-search-'));
  const path = join(dir, 'wiredesk.db');
  openStore(path).close();
  fillWordSaladStore(path, ITEMS);
  const store = openStore(path);
  // Before: the MATCH on the event loop (what /search did before the search thread).
  const onLoop: Store = { ...store, search: { ...store.search, searchWithin: async (query) => store.search.search(query) } };
  const before = await measure(onLoop, path, 'a');
  const after = await measure(store, path, 'b');
  for (const [name, r] of [['event loop (before)', before], ['search thread (after)', after]] as const) {
    process.stdout.write(`${name.padEnd(22)} /healthz p50 ${percentile(r.health, 0.5).toFixed(1)} ms, p99 ${percentile(r.health, 0.99).toFixed(1)} ms, max ${Math.max(...r.health).toFixed(1)} ms over ${r.health.length} polls; ${SEARCHES} searches in ${r.searchMs.toFixed(0)} ms\n`);
  }
  process.stdout.write(`/healthz p99 ratio before/after: ${(percentile(before.health, 0.99) / percentile(after.health, 0.99)).toFixed(1)}×; search time ratio after/before: ${(after.searchMs / before.searchMs).toFixed(2)}×\n`);
  store.close();
  rmSync(dir, { recursive: true, force: true });
}
