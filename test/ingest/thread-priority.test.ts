import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type * as PoolModule from '../../src/ingest/read-feed-pool.js';
import { PARSE_THREAD_NICE } from '../../src/ingest/thread-priority.js';

// The worker runs compiled code: these tests use dist/ (npm test builds it first).
const DIST_POOL = new URL('../../dist/ingest/read-feed-pool.js', import.meta.url);
const { createReadFeedPool } = (await import(DIST_POOL.href)) as typeof PoolModule;

/** The nice value of a thread, from its /proc stat line (field 19, counted after the name). */
function niceOf(statPath: string): number {
  const stat = readFileSync(statPath, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

function threadNices(): number[] {
  return readdirSync('/proc/self/task').map((tid) => niceOf(`/proc/self/task/${tid}/stat`));
}

describe.skipIf(process.platform !== 'linux')('parse thread priority', () => {
  it('runs the parse threads below this thread, which keeps its own priority', async () => {
    const own = niceOf('/proc/thread-self/stat');
    const before = threadNices().filter((n) => n === own + PARSE_THREAD_NICE).length;
    const pool = createReadFeedPool({ size: 2, timeoutMs: 30_000 });
    try {
      const feed = readFileSync(new URL('../../data/samples/wire-afp-like.rss', import.meta.url), 'utf8');
      const job = { text: feed, url: 'https://wire.example.com/feed', type: 'auto', language: 'fr', timezone: null, titleCase: 'keep' } as const;
      await Promise.all([pool.read(job), pool.read(job)]);
      expect(threadNices().filter((n) => n === own + PARSE_THREAD_NICE).length).toBe(before + 2);
      expect(niceOf('/proc/thread-self/stat')).toBe(own);
    } finally {
      await pool.close();
    }
  });
});
