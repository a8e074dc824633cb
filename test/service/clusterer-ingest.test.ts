/**
 * The real writers: three `wiredesk ingest` processes share the story corpus's sources on one
 * PostgreSQL database while two `wiredesk start --role worker` processes (each stands for
 * election beside its polling, as `wiredesk cluster` does) elect a clusterer; the stories come out as one
 * `wiredesk ingest` makes them on SQLite.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { partition } from '../../src/dedup/recluster.js';
import { openStore } from '../../src/store/open-store.js';
import { buildCorpus, CORPUS_SOURCES, writeCorpusRss } from '../fixtures/stories/build-corpus.js';
import { describePg } from '../helpers/pg.js';
import { cli, CLI, clustererDatabase, pgPartition, waitFor } from './clusterer-helpers.js';

const corpus = buildCorpus();

describePg('stories from concurrent `wiredesk ingest` processes on PostgreSQL', () => {
  const pg = clustererDatabase();

  it('equal those one SQLite ingest makes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wd-cluster-ingest-'));
    writeCorpusRss(dir, corpus);
    const [pgConfig, sqliteConfig] = [writeConfig(dir, 'pg', pg.url), writeConfig(dir, 'sqlite', join(dir, 'wiredesk.db'))];
    const single = await cli(['ingest', '--all', '--config', sqliteConfig]);
    expect(single.code, single.stderr).toBe(0);
    const store = openStore(join(dir, 'wiredesk.db'));
    const items = partition(store);
    const sqlite = { partition: Object.fromEntries(items), canonicals: Object.fromEntries([...new Set(items.values())].sort()
      .map((s) => [s, store.stories.get(s)?.canonicalItemId ?? null])) };
    store.close();
    expect(items.size).toBe(corpus.length);
    const clusterers = [0, 1].map(() => ['start', '--role', 'worker']).map((command) =>
      spawn(process.execPath, [CLI, ...command, '--config', pgConfig], { stdio: 'ignore' }));
    try {
      const ingests = await Promise.all([0, 1, 2].map(() => cli(['ingest', '--all', '--config', pgConfig])));
      for (const r of ingests) expect(r.code, r.stderr).toBe(0);
      await waitFor(async () => (await pg.db.pool.query(`SELECT (SELECT cursor_seq FROM clusterer) >= (SELECT max(commit_seq) FROM items) AS done`)).rows[0].done === true, 60_000);
    } finally {
      for (const c of clusterers) c.kill('SIGTERM');
    }
    expect(await pgPartition(pg.db.pool)).toEqual(sqlite);
  }, 120_000);
});

function writeConfig(dir: string, name: string, database: string): string {
  const config = { database, retention: { days: 36500 },
    sources: CORPUS_SOURCES.map((s) => ({ id: s.id, url: `${s.id}.rss`, kind: s.kind, priority: s.priority, language: s.language })) };
  writeFileSync(join(dir, `${name}.config.json`), JSON.stringify(config));
  return join(dir, `${name}.config.json`);
}

