import { describe, expect, it } from 'vitest';
import { generateRss } from '../../bench/generate-feed.js';
import type * as PoolModule from '../../src/ingest/read-feed-pool.js';
import type { FeedJob } from '../../src/ingest/read-feed.js';

// The worker runs compiled code: these tests use dist/ (npm test builds it first).
const DIST_POOL = new URL('../../dist/ingest/read-feed-pool.js', import.meta.url);
const { createReadFeedPool, startParseThreads } = (await import(DIST_POOL.href)) as typeof PoolModule;

const job = (text: string): FeedJob => ({ text, url: 'https://wire.example.com/feed', type: 'auto', language: 'fr', timezone: null, titleCase: 'keep' });

describe('parse threads started ahead of their pool', () => {
  it('gives the pool every thread it was started with, the later ones once the first has work', async () => {
    const threads = startParseThreads(2);
    const pool = createReadFeedPool({ size: 2, timeoutMs: 60_000, splitAbove: 100, threads });
    try {
      const read = await pool.read(job(generateRss(1500)));
      expect(read.items).toHaveLength(1500);
      const [first, second] = await Promise.all(threads.workers);
      expect(first?.threadId).not.toBe(second?.threadId);
      // Both threads normalized chunks of the document.
      expect(pool.busyMs().every((ms) => ms > 0)).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('never starts the later threads when closed before any work, and closing does not wait for them', async () => {
    const threads = startParseThreads(2);
    await threads.workers[0];
    await threads.close();
    await expect(threads.workers[1]).rejects.toMatchObject({ code: 'PARSE_INVALID', message: 'parse: the parser threads were closed' });
  });

  it('lets a pool that got no work close over threads still loading', async () => {
    const threads = startParseThreads(2);
    const pool = createReadFeedPool({ size: 2, timeoutMs: 60_000, threads });
    await pool.close();
    const settled = await Promise.allSettled(threads.workers);
    expect(settled.at(-1)).toMatchObject({ status: 'rejected' });
  });
});
