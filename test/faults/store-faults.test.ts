import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { runIngest } from '../../src/ingest/run-ingest.js';
import { silentLogger } from '../../src/log/logger.js';
import { openStore } from '../../src/store/open-store.js';
import { startFixtureServer, type FixtureServer } from '../fetch/fixture-server.js';
import { rssFeed } from './hostile-routes.js';

const CLI = resolve('dist/cli.js');
let server: FixtureServer;
let items = 5;

beforeAll(async () => {
  server = await startFixtureServer({
    '/feed.rss': (_req, res) => {
      const list = Array.from({ length: items }, (_, i) => ({ guid: `n${i}`, title: `Story ${i}`, body: `Body ${i} `.repeat(200) }));
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed('feed', list));
    },
  });
});

afterAll(async () => {
  await server?.close();
});

function workspace(): { config: string; db: string } {
  const dir = mkdtempSync(join(tmpdir(), 'wd-store-fault-'));
  const config = join(dir, 'feeds.config.json');
  writeFileSync(config, JSON.stringify({ database: join(dir, 'wd.db'), retention: { days: 36500 }, sources: [{ id: 'wire', url: server.url('/feed.rss'), kind: 'wire' }] }));
  return { config, db: join(dir, 'wd.db') };
}

function itemCount(db: string): { items: number; integrity: string; lastError: string | null; unplaced: number } {
  const conn = new Database(db);
  try {
    return {
      items: conn.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM items').get()?.n ?? -1,
      integrity: conn.pragma('integrity_check', { simple: true }) as string,
      lastError: conn.prepare<[], { e: string | null }>(`SELECT last_error_code AS e FROM sources WHERE id = 'wire'`).get()?.e ?? null,
      unplaced: conn.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM items WHERE story_id NOT IN (SELECT id FROM stories)').get()?.n ?? -1,
    };
  } finally {
    conn.close();
  }
}

/** Async, so the fixture server in this process can answer the child. */
function run(command: string, args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('exit', (status) => done({ status, stderr }));
  });
}

describe('storage faults', () => {
  it('reports a read-only database as a clear STORE_FAILED error before fetching anything', async () => {
    const { config, db } = workspace();
    openStore(db).close();
    const store = openStore(db, { readonly: true });
    const before = server.requests.length;
    try {
      await expect(runIngest(loadConfig(config), store, silentLogger(), { all: true })).rejects.toMatchObject({
        code: 'STORE_FAILED', message: expect.stringMatching(/^store: .*read-only; check the file and folder permissions/),
      });
    } finally {
      store.close();
    }
    expect(server.requests.length).toBe(before);
  });

  it('fails a refresh that hits a full disk with a clear error and an intact database: only whole slices stay, placed, and the next ingest completes it', async () => {
    expect(existsSync(CLI), 'run `npm run build` first').toBe(true);
    const { config, db } = workspace();
    items = 5;
    expect((await run(process.execPath, [CLI, 'ingest', '--all', '--config', config])).status).toBe(0);
    const seeded = itemCount(db);
    expect(seeded.items).toBe(5);
    items = 400;
    // The OS file size limit plays the full disk: writes past it fail with EFBIG (SIGXFSZ ignored).
    const limitKb = Math.ceil(statSync(db).size / 1024) + 64;
    const full = await run('bash', ['-c', `trap '' XFSZ; ulimit -f ${limitKb}; exec "${process.execPath}" "${CLI}" ingest --all --config "${config}"`]);
    expect(full.stderr).toMatch(/\[STORE_FAILED\] store: cannot store the refresh of wire: .*(full|I\/O)/);
    const after = itemCount(db);
    expect(after.integrity).toBe('ok');
    // Commits are sliced: slices committed before the disk filled stay, each one placed in a story.
    expect(after.items).toBeGreaterThanOrEqual(5);
    expect(after.unplaced).toBe(0);
    // The fetch state was not recorded, so the next ingest refetches and stores the rest.
    expect((await run(process.execPath, [CLI, 'ingest', '--all', '--config', config])).status).toBe(0);
    expect(itemCount(db)).toMatchObject({ items: 400, integrity: 'ok', unplaced: 0, lastError: null });
  });
});
