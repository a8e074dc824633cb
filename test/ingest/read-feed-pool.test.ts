import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateRss } from '../../bench/generate-feed.js';
import type * as PoolModule from '../../src/ingest/read-feed-pool.js';
import { readFeed, type FeedJob } from '../../src/ingest/read-feed.js';
import { precomputeFeatures } from '../../src/dedup/story-features.js';

// The worker runs compiled code: these tests use dist/ (npm test builds it first).
const DIST_POOL = new URL('../../dist/ingest/read-feed-pool.js', import.meta.url);
const { createReadFeedPool } = (await import(DIST_POOL.href)) as typeof PoolModule;

const job = (text: string): FeedJob => ({ text, url: 'https://wire.example.com/feed', type: 'auto', language: 'fr', timezone: null, titleCase: 'keep' });
const SAMPLE = readFileSync(new URL('../../data/samples/wire-afp-like.rss', import.meta.url), 'utf8');

describe('reading feeds in worker threads', () => {
  it('runs the compiled worker, not the in-thread fallback', () => {
    expect(existsSync(new URL('../../dist/ingest/read-feed-worker.js', import.meta.url))).toBe(true);
  });

  it('gives the same items as reading in this thread', async () => {
    const pool = createReadFeedPool({ size: 1, timeoutMs: 30_000 });
    try {
      const inWorker = await pool.read(job(SAMPLE));
      expect(inWorker.items).toHaveLength(12);
      expect(inWorker).toEqual(await readFeed(job(SAMPLE)));
    } finally {
      await pool.close();
    }
  });

  it('keeps this thread free while a large feed is parsed', async () => {
    const pool = createReadFeedPool({ size: 1, timeoutMs: 60_000 });
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 5);
    try {
      const read = await pool.read(job(generateRss(3000)));
      expect(read.items).toHaveLength(3000);
      expect(ticks).toBeGreaterThan(2);
    } finally {
      clearInterval(timer);
      await pool.close();
    }
  });

  it('fails a document that takes too long with a clear error, and the next one still works', async () => {
    const pool = createReadFeedPool({ size: 1, timeoutMs: 100 });
    try {
      await expect(pool.read(job(generateRss(5000)))).rejects.toMatchObject({ code: 'PARSE_INVALID', message: expect.stringMatching(/^parse: reading the document took longer than 100 ms/) });
      const generous = createReadFeedPool({ size: 1, timeoutMs: 30_000 });
      await expect(generous.read(job(SAMPLE))).resolves.toMatchObject({ meta: { title: expect.any(String) } });
      await generous.close();
      await expect(pool.read(job('<html><body>not a feed</body></html>'))).rejects.toMatchObject({ code: 'PARSE_UNKNOWN_FORMAT' });
    } finally {
      await pool.close();
    }
  });
});

describe('sharing the workers between sources', () => {
  it('has at least two workers even on one or two cores', async () => {
    const { poolSizeFor } = (await import(DIST_POOL.href)) as typeof PoolModule;
    expect([1, 2, 8, 64].map(poolSizeFor)).toEqual([2, 2, 4, 4]);
  });

  it('never lets one source\'s documents take every worker: another source is read meanwhile', async () => {
    const pool = createReadFeedPool({ size: 2, timeoutMs: 60_000 });
    const finished: string[] = [];
    const track = (name: string, p: Promise<unknown>) => p.then(() => finished.push(name));
    try {
      const heavy = generateRss(800);
      const hostile = [track('hostile-1', pool.read(job(heavy), 'hostile')), track('hostile-2', pool.read(job(heavy), 'hostile'))];
      await new Promise((r) => setTimeout(r, 50));
      await track('other', pool.read(job(SAMPLE), 'other'));
      expect(finished[0]).toBe('other');
      await Promise.all(hostile);
      expect(finished).toHaveLength(3);
    } finally {
      await pool.close();
    }
  }, 120_000);
});

describe('sharing one large document between threads', () => {
  it('normalizes a large document in chunks on every thread and gives what reading it whole here gives, story features included', async () => {
    const pool = createReadFeedPool({ size: 2, timeoutMs: 60_000, splitAbove: 40 });
    try {
      const text = generateRss(120);
      const shared = await pool.read({ ...job(text), features: true });
      expect(pool.busyMs().every((ms) => ms > 0)).toBe(true);
      const here = await readFeed({ ...job(text), features: true });
      expect(shared.items).toHaveLength(120);
      expect(shared).toEqual(here);
      const first = shared.items[0];
      expect(first?.features).toEqual(first && precomputeFeatures(first.item));
    } finally {
      await pool.close();
    }
  });

  it('keeps document order when every entry is a chunk of its own', async () => {
    const pool = createReadFeedPool({ size: 2, timeoutMs: 60_000, splitAbove: 2 });
    try {
      const entry = (i: number, link: string) => `<item><title>Story ${i}</title><link>${link}</link><description>Text ${i}</description></item>`;
      const text = `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>${
        [entry(1, 'https://a.example/1'), entry(2, 'https://a.example/2'), entry(3, 'https://a.example/3')].join('')}</channel></rss>`;
      const shared = await pool.read(job(text));
      expect(shared).toEqual(await readFeed(job(text)));
      expect(shared.items.map((r) => r.item.title)).toEqual(['Story 1', 'Story 2', 'Story 3']);
    } finally {
      await pool.close();
    }
  });
});
