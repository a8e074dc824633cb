/**
 * The sliced commit in real processes: a server in the same process answers during a cold fill,
 * and a `kill -9` of `wiredesk ingest` mid-fill leaves a store the next run completes.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { silentLogger } from '../../src/log/logger.js';
import { startService } from '../../src/service/service.js';
import { openStore } from '../../src/store/open-store.js';
import { rssFeed } from '../faults/hostile-routes.js';
import { goldenView } from './golden-view.js';
import { generatedFeeds, unplacedItems } from './slice-fixtures.js';

const CLI = resolve('dist/cli.js');
const ITEMS = 2500;
const dir = mkdtempSync(join(tmpdir(), 'wd-slices-'));
/**
 * The kill test's feed, ingested three times: large enough to be split into chunks (above 1,000
 * entries), each committed on its own, so the kill lands with chunks still to come however fast
 * the machine is (a 1,000-item document fit in one or two 200 ms slices on a fast one).
 */
const KILL_ITEMS = 3000;
const feeds = { big: join(dir, 'big.rss'), kill: join(dir, 'kill.rss') };
writeFileSync(feeds.big, rssOf(ITEMS));
writeFileSync(feeds.kill, rssOf(KILL_ITEMS));

function rssOf(count: number): string {
  return rssFeed('Big wire', generatedFeeds(count, 0, 8).wire.map(({ item }) => ({
    guid: item.guid ?? '', title: item.title, body: item.contentText.replaceAll('\n', ' '),
  })));
}

function configFor(name: string, extra: Record<string, unknown> = {}, feed = feeds.big): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify({
    database: join(dir, `${name}.db`), retention: { days: 36500 }, schedule: { cron: '0 0 1 1 *', interval: 900 },
    sources: [{ id: 'big', title: 'Big wire', kind: 'wire', url: feed, language: 'en' }], feeds: [], ...extra,
  }));
  return path;
}

/** Committed items, read through a second connection (0 while the store is not there yet). */
function committed(db: string): number {
  if (!existsSync(db)) return 0;
  try {
    const conn = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return conn.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM items').get()?.n ?? 0;
    } finally {
      conn.close();
    }
  } catch {
    return 0;
  }
}

function ingest(config: string, killWhen?: (count: number) => boolean, db = ''): Promise<{ code: number | string; killedAt: number }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, 'ingest', '--all', '--config', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let killedAt = -1;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const poll = killWhen ? setInterval(() => {
      const n = committed(db);
      if (killedAt < 0 && killWhen(n)) {
        killedAt = n;
        child.kill('SIGKILL');
      }
    }, 2) : null;
    child.on('exit', (code, signal) => {
      if (poll) clearInterval(poll);
      done({ code: code ?? signal ?? stderr, killedAt });
    });
  });
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a cold fill committed in slices', () => {
  it('lets a server in the same process answer /healthz before the fill is done', async () => {
    const config = configFor('serve', { server: { host: '127.0.0.1', port: 0 } });
    const db = join(dir, 'serve.db');
    const service = await startService(loadConfig(config), { log: silentLogger(), ingestAtStart: false, schedule: false });
    try {
      let filled = false;
      const fill = service.ingestOnce().then(() => (filled = true));
      // Polled on this thread, so only between transactions: the first items seen committed mean a commit is under way.
      while (committed(db) === 0 && !filled) await new Promise((r) => setTimeout(r, 1));
      const response = await fetch(`${service.url}/healthz`);
      const seenAtResponse = committed(db);
      expect(response.status).toBe(200);
      expect(filled).toBe(false);
      expect(seenAtResponse).toBeLessThan(ITEMS);
      await fill;
      expect(committed(db)).toBe(ITEMS);
    } finally {
      await service.close();
    }
  }, 120_000);

  it('survives a kill -9 of `wiredesk ingest` mid-fill: a consistent store the next run completes to the clean result', async () => {
    expect(existsSync(CLI), 'run `npm run build` first: this test spawns the real CLI').toBe(true);
    const cleanConfig = configFor('clean', {}, feeds.kill);
    expect((await ingest(cleanConfig)).code).toBe(0);
    const killedConfig = configFor('killed', {}, feeds.kill);
    const db = join(dir, 'killed.db');
    const run = await ingest(killedConfig, (n) => n > KILL_ITEMS / 5, db);
    expect(run.code).toBe('SIGKILL');
    expect(run.killedAt).toBeLessThan(KILL_ITEMS);
    const conn = new Database(db);
    expect(conn.pragma('integrity_check', { simple: true })).toBe('ok');
    conn.close();
    const store = openStore(db);
    try {
      expect(store.items.count()).toBeLessThan(KILL_ITEMS);
      expect(unplacedItems(store)).toEqual([]);
      expect(store.sources.get('big')?.lastSuccessAt ?? null).toBeNull();
    } finally {
      store.close();
    }
    expect((await ingest(killedConfig)).code).toBe(0);
    const [clean, resumed] = [openStore(join(dir, 'clean.db')), openStore(db)];
    try {
      expect(goldenView(resumed)).toEqual(goldenView(clean));
      expect(resumed.items.count()).toBe(KILL_ITEMS);
    } finally {
      clean.close();
      resumed.close();
    }
  }, 300_000);
});
