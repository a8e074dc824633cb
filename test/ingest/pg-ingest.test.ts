import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load-config.js';
import { runPgIngest, startPgWorker } from '../../src/ingest/pg-ingest.js';
import { createLogger } from '../../src/log/logger.js';
import { openPgDatabase, type PgDatabase } from '../../src/store-pg/connection.js';
import { createTestDatabase, describePg, dropTestDatabase } from '../helpers/pg.js';
import { feedXml, startFeedHosts } from '../store-pg/feed-hosts.js';

describePg('polling workers on PostgreSQL', () => {
  let url = '';
  let db: PgDatabase;
  beforeAll(async () => {
    url = await createTestDatabase();
    db = await openPgDatabase(url, { max: 6 });
  });
  afterAll(async () => {
    await db.close();
    await dropTestDatabase(url);
  });

  it('shares the due sources between two running workers, each refreshed once, until stopped', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wd-pg-worker-'));
    const sources = Array.from({ length: 6 }, (_, i) => {
      writeFileSync(join(dir, `f${i}.rss`), feedXml(`/f${i}.xml`, 2));
      return { id: `f${i}`, url: `f${i}.rss`, kind: 'partner', interval: 3600 };
    });
    const loaded = parseConfigText(JSON.stringify({ database: url, sources }), join(dir, 'feeds.config.json'));
    const log = createLogger({ level: 'silent' });
    const workers = [startPgWorker(loaded, db, log, { pollMs: 50 }), startPgWorker(loaded, db, log, { pollMs: 50 })];
    for (let done = 0; done < 6; ) {
      await new Promise((r) => setTimeout(r, 100));
      done = (await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM sources WHERE last_success_at IS NOT NULL`)).rows[0]?.n ?? 0;
    }
    const outcomes = (await Promise.all(workers.map((w) => w.stop()))).flat();
    expect(outcomes.map((o) => o.sourceId).sort()).toEqual(sources.map((s) => s.id));
    expect(outcomes.every((o) => o.status === 'updated')).toBe(true);
    const { rows } = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM items`);
    expect(rows[0]?.n).toBe(12);
  });

  it('keeps as many fetches in flight as fetch.concurrency and the per-host cap allow, each source fetched once', { timeout: 60_000 }, async () => {
    const server = await startFeedHosts({ addresses: ['127.0.0.5', '127.0.0.6'], delayMs: () => 300 });
    try {
      const sources = server.bases.flatMap((base, h) => Array.from({ length: 8 }, (_, i) => ({ id: `h${h}-${i}`, url: `${base}/h${h}-${i}.xml`, kind: 'wire', interval: 3600 })));
      const loaded = parseConfigText(JSON.stringify({ database: url, sources,
        fetch: { concurrency: 8, perHostConcurrency: 4, allowPrivateNetworks: true, timeoutMs: 30_000 } }), '/tmp/feeds.config.json');
      const outcomes = await runPgIngest(loaded, db, createLogger({ level: 'silent' }));
      expect(outcomes.map((o) => o.status)).toEqual(sources.map(() => 'updated'));
      expect([...server.fetches.values()]).toEqual(sources.map(() => 1));
      // Both hosts reach their cap together: eight fetches at once, more than the few document places a commit on SQLite gets.
      expect([...server.maxInFlight.values()]).toEqual([4, 4]);
    } finally {
      await server.close();
    }
  });
});
