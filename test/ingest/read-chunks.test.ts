/**
 * The window of chunks normalized ahead of the commit, on a real pool of parse threads. Counted,
 * never timed: after each take the test lets every chunk already handed on come back (two probe
 * documents, read after them on both threads), then counts the chunks back and not yet taken.
 */
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateRss } from '../../bench/generate-feed.js';
import { parseConfigText } from '../../src/config/load-config.js';
import { createLocalRefreshPort } from '../../src/ingest/refresh-port.js';
import { silentLogger } from '../../src/log/logger.js';
import { tempStore } from '../helpers/temp-store.js';
import { fetched, priorityOf, sourceOf } from './slice-fixtures.js';
import type * as PoolModule from '../../src/ingest/read-feed-pool.js';
import type { FeedJob } from '../../src/ingest/read-feed.js';
import type { StreamedDocument } from '../../src/ingest/read-chunks.js';

// The worker runs compiled code: these tests use dist/ (npm test builds it first).
const DIST_POOL = new URL('../../dist/ingest/read-feed-pool.js', import.meta.url);
const { createReadFeedPool } = (await import(DIST_POOL.href)) as typeof PoolModule;

const job = (text: string): FeedJob => ({ text, url: 'https://wire.example.com/feed', type: 'auto', language: 'en', timezone: null, titleCase: 'keep', features: true });
const THREADS = 2;
/** 400 entries split above 40: 20-entry chunks, the first ones smaller (about 20 chunks a document). */
const ENTRIES = 400;

type Pool = ReturnType<typeof createReadFeedPool>;

/**
 * Resolves once, as a rule, every chunk handed on so far is back: a probe for each thread, each
 * ranked after them (both probes may still run on one thread while the other finishes a chunk, so
 * a count after it may fall short of the window, never exceed it).
 */
function settle(pool: Pool): Promise<unknown> {
  const probe = job(generateRss(1, 4, 77_000_000));
  return Promise.all(Array.from({ length: THREADS }, () => pool.read(probe)));
}

/** Two documents read one after the other (the first ranks first), once every chunk handed on is back. */
async function twoDocuments(pool: Pool): Promise<{ first: StreamedDocument; second: StreamedDocument }> {
  const first = await pool.readStream(job(generateRss(ENTRIES, 4, 0)));
  const second = await pool.readStream(job(generateRss(ENTRIES, 4, 1_000_000)));
  await settle(pool);
  return { first, second };
}

/** Waits (polling, never timing anything) until `back()` chunks are back: a window that never gives its places back never gets there, and the test times out. */
async function untilBack(back: () => number, wanted: number): Promise<void> {
  while (back() < wanted) await new Promise((resolve) => setTimeout(resolve, 10));
}

async function count(doc: StreamedDocument): Promise<number> {
  let n = 0;
  for await (const _chunk of doc.chunks) n += 1;
  return n;
}

describe('chunks normalized ahead of the commit', () => {
  it('never holds more normalized, untaken chunks than its window across two documents, and fills it while the commit is slow', async () => {
    const pool = createReadFeedPool({ size: THREADS, timeoutMs: 120_000, splitAbove: 40 });
    try {
      const { first, second } = await twoDocuments(pool);
      const before = { first: first.unread(), second: second.unread() };
      const seen: Array<{ taken: number; first: number; second: number }> = [];
      let taken = 0;
      for await (const _chunk of first.chunks) {
        taken += 1;
        await settle(pool);
        seen.push({ taken, first: first.unread(), second: second.unread() });
      }
      const chunks = { first: taken, second: await count(second) };
      expect(chunks.first).toBeGreaterThan(10);
      // Back and not taken: the first document's beyond what the commit took, and all of the second's that are back.
      const ahead = (at: { taken: number; first: number; second: number }) => (chunks.first - at.first - at.taken) + (chunks.second - at.second);
      expect(ahead({ taken: 0, ...before })).toBeLessThanOrEqual(THREADS);
      expect(Math.max(...seen.map(ahead))).toBe(THREADS);
      // The second document waits parsed, not normalized, while the first one has chunks to hand on.
      expect(seen.slice(0, -THREADS).every((at) => chunks.second - at.second === 0)).toBe(true);
    } finally {
      await pool.close();
    }
  }, 180_000);

  it('gives a document\'s places to the next one when its commit stops early', async () => {
    const pool = createReadFeedPool({ size: THREADS, timeoutMs: 120_000, splitAbove: 40 });
    try {
      const { first, second } = await twoDocuments(pool);
      const total = second.unread();
      // Nothing of the second is normalized while the first holds the window.
      expect(total).toBeGreaterThan(10);
      for await (const _chunk of first.chunks) break;
      await untilBack(() => total - second.unread(), THREADS);
      await settle(pool);
      expect(total - second.unread()).toBe(THREADS);
      expect(await count(second)).toBe(total);
      expect(second.unread()).toBe(0);
    } finally {
      await pool.close();
    }
  }, 180_000);

  it('gives the places back when a commit fails mid-document, so the next document is normalized', async () => {
    const pool = createReadFeedPool({ size: THREADS, timeoutMs: 120_000, splitAbove: 40 });
    const { store, dir } = tempStore();
    try {
      const { first, second } = await twoDocuments(pool);
      const total = second.unread();
      const config = parseConfigText(JSON.stringify({ database: ':memory:', retention: { days: 36500 }, sources: [{ id: 'wire', url: 'file:///generated/wire', kind: 'wire' }], feeds: [] }), '/tmp/feeds.config.json').config;
      const port = createLocalRefreshPort(store, { config, log: silentLogger(), priorityOf, slicing: { inSlice: (slice) => {
        if (slice === 2) throw new Error('disk full');
      } } });
      const source = sourceOf('wire', 'wire');
      await port.begin(source, source.url);
      await expect(port.commit(source, first, fetched())).rejects.toThrow('disk full');
      await untilBack(() => total - second.unread(), THREADS);
      await settle(pool);
      expect(total - second.unread()).toBe(THREADS);
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
      await pool.close();
    }
  }, 180_000);
});
