/** Shared by the clusterer tests: the clusterer's schema on a test database, the stored stories, polling. */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { openPgDatabase, type PgDatabase } from '../../src/store-pg/connection.js';
import { createTestDatabase, dropTestDatabase } from '../helpers/pg.js';

export const CLI = resolve('dist/cli.js');

/** A migrated test database for this file (read `url` and `db` inside tests). */
export function clustererDatabase(): { url: string; db: PgDatabase } {
  const state = { url: '', db: undefined as unknown as PgDatabase };
  beforeAll(async () => {
    state.url = await createTestDatabase();
    state.db = await openPgDatabase(state.url);
  });
  afterAll(async () => {
    await state.db?.close();
    if (state.url) await dropTestDatabase(state.url);
  });
  return state;
}

export function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

/** Every item's story and every story's canonical item, as on SQLite (stories keyed in code-unit order). */
export async function pgPartition(pool: pg.Pool): Promise<{ partition: Record<string, string>; canonicals: Record<string, string | null> }> {
  const items = await pool.query<{ id: string; story_id: string }>('SELECT id, story_id FROM items ORDER BY sort_date COLLATE "C", id COLLATE "C"');
  const stories = await pool.query<{ id: string; canonical_item_id: string | null }>(
    'SELECT id, canonical_item_id FROM stories WHERE id IN (SELECT story_id FROM items) ORDER BY id COLLATE "C"');
  return { partition: Object.fromEntries(items.rows.map((r) => [r.id, r.story_id])), canonicals: Object.fromEntries(stories.rows.map((r) => [r.id, r.canonical_item_id])) };
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`waitFor: not true within ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 20));
  }
}
