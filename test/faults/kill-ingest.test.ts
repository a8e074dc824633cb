import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer, type Route } from '../fetch/fixture-server.js';
import { rssFeed } from './hostile-routes.js';

const CLI = resolve('dist/cli.js');
const SOURCES = 6;
const KILLS = 20;

/** Each request to a feed serves more items than the last (a busy wire), so every run has work to commit. */
function growingFeed(name: string): Route {
  let requests = 0;
  return (_req, res) => {
    requests += 1;
    const count = Math.min(600, 60 + requests * 25);
    const items = Array.from({ length: count }, (_, i) => ({ guid: `${name}-${i}`, title: `${name} story ${i}`, body: `Text of ${name} story number ${i}, with several words to hash and shingle.` }));
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed(name, items));
  };
}

/** A seeded generator: the kill moments are random but the same on every run. */
function seeded(seed: number): () => number {
  let x = seed;
  return () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

function runIngest(config: string, killAfterMs: number | null): Promise<number | string> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, 'ingest', '--all', '--config', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = killAfterMs === null ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      done(code ?? signal ?? stderr);
    });
  });
}

interface Snapshot { integrity: string; ids: Set<string>; duplicates: number; orphans: number }

function snapshot(path: string): Snapshot {
  const db = new Database(path);
  try {
    const integrity = (db.pragma('integrity_check', { simple: true }) as string);
    // Killed before its first migration committed: a file with no schema yet, so nothing committed.
    const migrated = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'items'`).get() !== undefined;
    if (!migrated) return { integrity, ids: new Set(), duplicates: 0, orphans: 0 };
    const ids = new Set(db.prepare<[], { id: string }>('SELECT id FROM items').all().map((r) => r.id));
    const duplicates = db.prepare<[], { n: number }>(`SELECT COUNT(*) - COUNT(DISTINCT source_id || char(0) || COALESCE(guid, identity)) AS n FROM items`).get()?.n ?? -1;
    const orphans = db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM items i LEFT JOIN stories s ON s.id = i.story_id WHERE s.id IS NULL`).get()?.n ?? -1;
    return { integrity, ids, duplicates, orphans };
  } finally {
    db.close();
  }
}

let server: FixtureServer;
let config: string;
let dbPath: string;

beforeAll(async () => {
  const routes: Record<string, Route> = {};
  for (let i = 0; i < SOURCES; i += 1) routes[`/feed-${i}.rss`] = growingFeed(`s${i}`);
  server = await startFixtureServer(routes);
  const dir = mkdtempSync(join(tmpdir(), 'wd-kill-'));
  dbPath = join(dir, 'wd.db');
  config = join(dir, 'feeds.config.json');
  writeFileSync(config, JSON.stringify({
    database: dbPath, fetch: { concurrency: 3, perHostConcurrency: 3 }, retention: { days: 36500 },
    sources: Array.from({ length: SOURCES }, (_, i) => ({ id: `s${i}`, url: server.url(`/feed-${i}.rss`), kind: 'wire' })),
  }));
});

afterAll(async () => {
  await server?.close();
});

describe('kill -9 of a running `wiredesk ingest`', () => {
  it('never corrupts, loses or duplicates committed items', async () => {
    expect(existsSync(CLI), 'run `npm run build` first: this test spawns the real CLI').toBe(true);
    const random = seeded(7);
    let committed = new Set<string>();
    let killedMidRun = 0;
    for (let round = 0; round < KILLS; round += 1) {
      const outcome = await runIngest(config, 150 + Math.floor(random() * 900));
      if (outcome === 'SIGKILL') killedMidRun += 1;
      if (!existsSync(dbPath)) continue;
      const after = snapshot(dbPath);
      expect(after.integrity).toBe('ok');
      expect([...committed].filter((id) => !after.ids.has(id))).toEqual([]);
      expect(after.duplicates).toBe(0);
      committed = after.ids;
    }
    expect(killedMidRun).toBeGreaterThanOrEqual(KILLS / 2);
    // The dead holder's lease must not block the next run for its whole expiry.
    expect(await runIngest(config, null)).toBe(0);
    const final = snapshot(dbPath);
    expect(final.integrity).toBe('ok');
    expect([...committed].filter((id) => !final.ids.has(id))).toEqual([]);
    expect(final.duplicates).toBe(0);
    expect(final.orphans).toBe(0);
    expect(final.ids.size).toBeGreaterThan(committed.size);
  }, 90_000);
});
