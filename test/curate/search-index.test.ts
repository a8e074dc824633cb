/** The FTS5 index behind the query rule (store migration 2): backfill of an old store (upkeep: test/store/search-index.test.ts). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import * as initial from '../../src/store/migrations/001-initial.js';
import { openStore } from '../../src/store/open-store.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'wd-fts-'));
  dirs.push(d);
  return d;
};

function insertItem(db: Database.Database, id: string, title: string, text: string): void {
  db.prepare(`INSERT OR IGNORE INTO stories (id, created_at, updated_at) VALUES (?, '2024-04-17T00:00:00Z', '2024-04-17T00:00:00Z')`).run(`s-${id}`);
  db.prepare(`INSERT INTO items (id, source_id, identity, title, content_text, content_hash, revision, story_id, fetched_at, changed_at, sort_date)
    VALUES (?, 'src', ?, ?, ?, ?, 'r1', ?, '2024-04-17T00:00:00Z', '2024-04-17T00:00:00Z', ?)`).run(id, id, title, text, `h-${id}`, `s-${id}`, `2024-04-17T0${id.length}:00:00Z`);
}

describe('the full-text index', () => {
  it('indexes the items a store held before migration 2, when it is opened by this version', () => {
    const path = join(tempDir(), 'old.db');
    const old = new Database(path);
    old.exec(initial.sql);
    old.exec('CREATE TABLE schema_migrations (id INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    old.prepare(`INSERT INTO schema_migrations VALUES (1, '2024-01-01T00:00:00Z')`).run();
    insertItem(old, 'a', 'Crue de la Garonne', 'Les pluies ont fait monter le fleuve.');
    insertItem(old, 'bb', 'Budget vote', 'The council passed its budget.');
    old.close();
    const store = openStore(path);
    try {
      expect(store.search.count()).toBe(2);
      expect(store.search.search({ match: 'garonne', sourceIds: [], since: null, limit: 10 }).map((i) => i.id)).toEqual(['a']);
      expect(store.search.search({ match: 'body:pluie*', sourceIds: ['src'], since: null, limit: 10 }).map((i) => i.id)).toEqual(['a']);
      expect(store.search.search({ match: 'budget', sourceIds: ['other'], since: null, limit: 10 })).toEqual([]);
    } finally {
      store.close();
    }
  });
});
