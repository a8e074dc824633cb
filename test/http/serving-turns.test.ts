/**
 * Commit slices give the event loop back to the HTTP server first: connections waiting in the
 * listen queue are all accepted before the next slice (Node accepts one per turn of the loop), and
 * requests arriving meanwhile are served for a bounded share. Counted, never timed: the clock of
 * the share is injected.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { generateRss } from '../../bench/generate-feed.js';
import type * as ConfigModule from '../../src/config/load-config.js';
import { createServingTurns } from '../../src/http/serving-turns.js';
import type * as IngestModule from '../../src/ingest/run-ingest.js';
import type * as LoggerModule from '../../src/log/logger.js';
import type * as StoreModule from '../../src/store/open-store.js';
import { close, listen, request } from './http-client.js';

// An ingest pass runs its parse threads from compiled code: the pass comes from dist/ (npm test builds it first).
const dist = async <T>(path: string): Promise<T> => (await import(new URL(`../../dist/${path}`, import.meta.url).href)) as T;

let server: Server | null = null;
afterEach(async () => {
  if (server?.listening === true) {
    server.closeAllConnections();
    await close(server);
  }
  server = null;
});

/** Opens `count` connections from another process while this one's event loop is held: they wait in the listen queue. */
function queueConnections(port: number, count: number): void {
  const script = `const net = require('node:net'); let open = 0;
    for (let i = 0; i < ${count}; i += 1) net.connect(${port}, '127.0.0.1', () => { open += 1; if (open === ${count}) process.exit(0); });`;
  execFileSync(process.execPath, ['-e', script], { timeout: 20_000 });
}

describe('serving turns between commit slices', () => {
  it('accepts every connection waiting in the listen queue before the yield resolves', async () => {
    server = createServer((_req, res) => res.end('ok'));
    const turns = createServingTurns(server);
    const port = await listen(server);
    queueConnections(port, 20);
    expect(turns.seen().connections).toBe(0);
    await turns.yieldTurn();
    expect(turns.seen().connections).toBe(20);
  });

  it('keeps serving while requests keep arriving, for its share only, then returns to the slices', async () => {
    // Each request costs the thread a millisecond, so wrk's 20 connections always have requests waiting.
    server = createServer((_req, res) => {
      const until = performance.now() + 1;
      while (performance.now() < until);
      res.end('ok');
    });
    let clock = 0;
    // Each reading of the clock is one millisecond later: the share is counted in turns, whatever the machine.
    const turns = createServingTurns(server, { shareMs: 6, now: () => (clock += 1) });
    const port = await listen(server);
    const load = spawn('wrk', ['-t1', '-c20', '-d20s', `http://127.0.0.1:${port}/`], { stdio: 'ignore' });
    try {
      while (turns.seen().requests < 200) await new Promise((resolve) => setImmediate(resolve));
      const before = { clock, requests: turns.seen().requests };
      await turns.yieldTurn();
      const readings = clock - before.clock;
      // One reading to start, one after each turn but the first: several turns for the waiting requests, and no more than the share.
      expect(readings).toBeGreaterThanOrEqual(3);
      expect(readings).toBeLessThanOrEqual(7);
      expect(turns.seen().requests - before.requests).toBeGreaterThan(0);
    } finally {
      load.kill();
    }
  });

  it('doubles the slice budget per slice while no client is about, and drops it back at the first request', async () => {
    server = createServer((_req, res) => res.end('ok'));
    // Slices 100 ms apart: the time since the last client never caps the doubling here.
    let clock = 0;
    const turns = createServingTurns(server, { servedSliceMs: 10, idleSliceMs: 80, now: () => (clock += 100) });
    const port = await listen(server);
    // The first slice knows nothing of what came before it: small.
    expect([1, 2, 3, 4, 5].map(() => turns.sliceBudgetMs())).toEqual([10, 20, 40, 80, 80]);
    await request(port, '/');
    expect([1, 2, 3].map(() => turns.sliceBudgetMs())).toEqual([10, 20, 40]);
  });

  it('never grows a slice past how long the server has been quiet', () => {
    let clock = 0;
    const turns = createServingTurns(createServer(), { servedSliceMs: 10, idleSliceMs: 200, now: () => clock });
    const at = (ms: number) => {
      clock = ms;
      return turns.sliceBudgetMs();
    };
    // Quiet since 0: 10 ms later the budget may not be 20 yet; then it doubles as the quiet lasts.
    expect([at(0), at(12), at(25), at(60), at(200), at(400)]).toEqual([10, 12, 24, 48, 96, 192]);
  });

  it('keeps slices small while a response is still being written, even with no new request', async () => {
    let answer: () => void = () => undefined;
    server = createServer((_req, res) => {
      answer = () => res.end('late');
    });
    let clock = 0;
    const turns = createServingTurns(server, { servedSliceMs: 10, idleSliceMs: 80, now: () => (clock += 100) });
    const port = await listen(server);
    const response = request(port, '/');
    while (turns.seen().requests === 0) await new Promise((resolve) => setImmediate(resolve));
    expect([1, 2, 3].map(() => turns.sliceBudgetMs())).toEqual([10, 10, 10]);
    answer();
    await response;
    expect([1, 2].map(() => turns.sliceBudgetMs())).toEqual([20, 40]);
  });

  it('never grows the budget unless told how far', () => {
    const turns = createServingTurns(createServer(), { servedSliceMs: 10 });
    expect([1, 2, 3].map(() => turns.sliceBudgetMs())).toEqual([10, 10, 10]);
  });

  it('is the turn an ingest pass commits its slices through', async () => {
    const { runIngest } = await dist<typeof IngestModule>('ingest/run-ingest.js');
    const { parseConfigText } = await dist<typeof ConfigModule>('config/load-config.js');
    const { silentLogger } = await dist<typeof LoggerModule>('log/logger.js');
    const { openStore } = await dist<typeof StoreModule>('store/open-store.js');
    const dir = mkdtempSync(join(tmpdir(), 'wd-turns-'));
    server = createServer((_req, res) => res.end('ok'));
    const turns = createServingTurns(server);
    let yields = 0;
    const yieldTurn = () => {
      yields += 1;
      return turns.yieldTurn();
    };
    const feed = join(dir, 'wire.rss');
    writeFileSync(feed, generateRss(40));
    const loaded = parseConfigText(JSON.stringify({
      database: join(dir, 'wiredesk.db'), retention: { days: 36500 },
      sources: [{ id: 'wire', url: pathToFileURL(feed).href, kind: 'wire' }], feeds: [],
    }), join(dir, 'feeds.config.json'));
    const store = openStore(loaded.config.database);
    try {
      await runIngest(loaded, store, silentLogger(), { all: true, slicing: { yieldTurn, maxItems: 5 } });
      expect(store.items.count()).toBe(40);
      // One yield before each of the 8 slices (and none skipped).
      expect(yields).toBeGreaterThanOrEqual(8);
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
