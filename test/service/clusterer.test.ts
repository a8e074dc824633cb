/**
 * Stories on PostgreSQL come out exactly as on SQLite: three writer processes commit the story
 * corpus (with updates) in a random interleaving while `wiredesk cluster` processes elect one
 * clusterer; the elected one is killed with -9 in the middle of a batch, the standby takes over,
 * and the partition and canonicals equal SQLite's online ingest and `recluster` of the same items.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { expect, it } from 'vitest';
import { DEDUP_DEFAULTS } from '../../src/config/schema.js';
import { contentHash } from '../../src/dedup/content-hash.js';
import { identityKey, itemId, revisionOf, storyIdFor } from '../../src/dedup/identity.js';
import { partition, reclusterStore } from '../../src/dedup/recluster.js';
import { placeCommitted, reclusterPg } from '../../src/service/clusterer-batch.js';
import { CORPUS_SOURCES } from '../fixtures/stories/build-corpus.js';
import { describePg } from '../helpers/pg.js';
import { seededRandom } from '../dedup/corpus-run.js';
import { asItem, corpus, priorityOf, runOnSqliteFile, schedule, type Refresh } from '../dedup/story-schedule.js';
import { cli, CLI, clustererDatabase, pgPartition, waitFor } from './clusterer-helpers.js';

const WRITER = resolve('test/service/pg-writer.mjs');
const WRITERS = 3;

describePg('the story clusterer on PostgreSQL', () => {
  const pgdb = clustererDatabase();
  const capped = clustererDatabase();
  let sqlitePath = '';
  const dir = mkdtempSync(join(tmpdir(), 'wd-clusterer-'));

  it('gives SQLite\'s stories after concurrent writers, with the elected clusterer killed mid-batch and a standby taking over', async () => {
    const { url, db } = pgdb;
    const refreshes = schedule(7);
    const { store, path } = runOnSqliteFile(refreshes);
    sqlitePath = path;
    const sqlite = { partition: Object.fromEntries(partition(store)), canonicals: canonicalsOf(store.storyIndex.itemsFrom(null, 1e6).map((i) => i.storyId), (s) => store.stories.get(s)?.canonicalItemId ?? null) };
    expect(reclusterStore(store, DEDUP_DEFAULTS, priorityOf, '2026-02-01T00:00:00Z').moved).toBe(0);
    store.close();
    const config = writeConfig(dir, url, 'pg');
    const leader = startCluster(config);
    await waitFor(() => leader.stderr.includes('clusterer: elected'), 20_000);
    const standby = startCluster(config);
    // Hold the clusterer row: the leader's first batch writes its stories, then waits on the cursor update.
    const blocker = new pg.Client({ connectionString: url });
    blocker.on('error', () => {});
    await blocker.connect();
    await blocker.query(`BEGIN; SELECT * FROM clusterer FOR UPDATE`);
    const writers = writerFiles(dir, refreshes).map((file, i) => run(process.execPath, [WRITER, url, file, String(i + 1)]));
    await waitFor(async () => (await db.pool.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = $1
      AND backend_xid IS NOT NULL AND wait_event_type = 'Lock'`, [`wiredesk-clusterer ${leader.child.pid}`])).rowCount === 1, 20_000)
      .catch((err: unknown) => { throw new Error(`${(err as Error).message}; the leader logged: ${leader.stderr}`); });
    leader.child.kill('SIGKILL');
    await leader.exited;
    // The killed batch wrote nothing: no item has a version yet.
    expect((await blocker.query(`SELECT count(*)::int AS n FROM story_versions`)).rows[0].n).toBe(0);
    await blocker.query('ROLLBACK');
    await blocker.end();
    for (const w of await Promise.all(writers.map((w) => w.exited))) expect(w.code, w.stderr).toBe(0);
    await waitFor(async () => {
      const { rows } = await db.pool.query(`SELECT (SELECT cursor_seq FROM clusterer) >= (SELECT max(commit_seq) FROM items) AS done`);
      return rows[0].done === true;
    }, 60_000);
    standby.child.kill('SIGTERM');
    expect((await standby.exited).code).toBe(0);
    expect(standby.stderr).toContain('clusterer: elected');
    expect((await db.pool.query(`SELECT holder FROM clusterer`)).rows[0].holder).toBe(String(standby.child.pid));
    const online = await pgPartition(db.pool);
    expect(Object.keys(online.partition)).toHaveLength(corpus.length);
    expect(online).toEqual(sqlite);
    // `recluster` on PostgreSQL moves nothing either.
    const client = await db.pool.connect();
    try {
      const report = await reclusterPg(client, { settings: DEDUP_DEFAULTS, priorityOf, holder: 'test' });
      expect(report).toMatchObject({ items: corpus.length, moved: 0 });
    } finally {
      client.release();
    }
    expect(await pgPartition(db.pool)).toEqual(sqlite);
  }, 180_000);

  it('places a backlog in capped batches, in commit order, into the partition one batch (recluster) and SQLite give', async () => {
    const refreshes = schedule(7);
    const { store } = runOnSqliteFile(refreshes);
    const sqlite = { partition: Object.fromEntries(partition(store)), canonicals: canonicalsOf(store.storyIndex.itemsFrom(null, 1e6).map((i) => i.storyId), (s) => store.stories.get(s)?.canonicalItemId ?? null) };
    store.close();
    const [file] = writerFiles(mkdtempSync(join(tmpdir(), 'wd-capped-')), refreshes, 1);
    const writer = run(process.execPath, [WRITER, capped.url, file!, '1']);
    expect((await writer.exited).code, writer.stderr).toBe(0);
    const client = await capped.db.pool.connect();
    try {
      const sizes: number[] = [];
      for (let r = await placeCommitted(client, { settings: DEDUP_DEFAULTS, priorityOf, holder: 'test', batchItems: 9 }); r; r = await placeCommitted(client, { settings: DEDUP_DEFAULTS, priorityOf, holder: 'test', batchItems: 9 })) sizes.push(r.items);
      expect(Math.max(...sizes)).toBe(9);
      expect(sizes.length).toBeGreaterThan(corpus.length / 9);
      expect(await pgPartition(capped.db.pool)).toEqual(sqlite);
      expect(await reclusterPg(client, { settings: DEDUP_DEFAULTS, priorityOf, holder: 'test' })).toMatchObject({ items: corpus.length, moved: 0 });
      expect(await pgPartition(capped.db.pool)).toEqual(sqlite);
    } finally {
      client.release();
    }
  }, 120_000);

  it('shows the same stories with `wiredesk stories` on both backends, and `wiredesk recluster` moves nothing on PostgreSQL', async () => {
    const { url } = pgdb;
    expect(sqlitePath).not.toBe('');
    const [pgConfig, sqliteConfig] = [writeConfig(dir, url, 'pg'), writeConfig(dir, sqlitePath, 'sqlite')];
    const recluster = await cli(['recluster', '--config', pgConfig]);
    expect(recluster.stdout, recluster.stderr).toMatch(new RegExp(`recluster: ${corpus.length} items, .* 0 items moved`));
    const args = ['stories', '--since', '2000-01-01T00:00:00Z', '--json', '--explain'];
    const [onPg, onSqlite] = await Promise.all([cli([...args, '--config', pgConfig]), cli([...args, '--config', sqliteConfig])]);
    expect(onPg.code, onPg.stderr).toBe(0);
    const stories = JSON.parse(onPg.stdout) as Array<{ versions: unknown[]; explain: { versions: Array<{ via: string }> } }>;
    expect(stories.some((s) => s.versions.length > 3 && s.explain.versions.some((v) => v.via === 'teaser'))).toBe(true);
    expect(onPg.stdout).toBe(onSqlite.stdout);
  }, 60_000);
});

function canonicalsOf(storyIds: string[], canonical: (storyId: string) => string | null): Record<string, string | null> {
  return Object.fromEntries([...new Set(storyIds)].sort().map((s) => [s, canonical(s)]));
}

function writeConfig(dir: string, database: string, name: string): string {
  const config = { database, sources: CORPUS_SOURCES.map((s) => ({ id: s.id, url: `https://${s.id}.example/feed`, kind: s.kind, priority: s.priority })) };
  writeFileSync(join(dir, `${name}.config.json`), JSON.stringify(config));
  return join(dir, `${name}.config.json`);
}

/** Each writer takes the refreshes of its sources (sources dealt at random), in schedule order. */
function writerFiles(dir: string, refreshes: Refresh[], writers = WRITERS): string[] {
  const random = seededRandom(99);
  const owner = new Map(CORPUS_SOURCES.map((s) => [s.id, Math.floor(random() * writers)]));
  const seen = new Map<string, string>();
  const commits: unknown[][][] = Array.from({ length: writers }, () => []);
  for (const r of refreshes) {
    const rows = r.entries.flatMap((c) => {
      const item = asItem(c);
      const identity = identityKey(item);
      const id = itemId(c.source, identity);
      const revision = revisionOf(item);
      if (seen.get(id) === revision) return [];
      const update = seen.has(id);
      seen.set(id, revision);
      return [{ update, id, sourceId: c.source, identity, guid: item.guid, url: item.url, title: item.title, contentText: item.contentText,
        published: item.published, language: item.language, contentHash: contentHash(item), revision, storyId: storyIdFor(id), at: r.at }];
    });
    if (rows.length > 0) commits[owner.get(r.sourceId) ?? 0]!.push(rows);
  }
  return commits.map((list, i) => {
    const file = join(dir, `writer-${i}.json`);
    writeFileSync(file, JSON.stringify(list));
    return file;
  });
}

interface Running { child: ChildProcess; stderr: string; exited: Promise<{ code: number | null; stderr: string }> }

function startCluster(config: string): Running {
  return run(process.execPath, [CLI, 'cluster', '--config', config], { WIREDESK_LOG_LEVEL: 'info' });
}

function run(command: string, args: string[], env: Record<string, string> = {}): Running {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  const running: Running = { child, stderr: '', exited: Promise.resolve({ code: null, stderr: '' }) };
  child.stderr?.on('data', (d: Buffer) => { running.stderr += d.toString(); });
  running.exited = new Promise((done) => child.on('exit', (code) => done({ code, stderr: running.stderr })));
  return running;
}
