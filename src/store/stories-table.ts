/** Stories: one row per story, naming its canonical item. */
import type Database from 'better-sqlite3';

export interface StoryRow {
  id: string;
  canonicalItemId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface StoriesTable {
  create(id: string, at: string): void;
  setCanonical(id: string, itemId: string, at: string): void;
  get(id: string): StoryRow | null;
  recent(limit: number): StoryRow[];
  count(): number;
  /** Deletes stories no item belongs to any more (after `recluster`); returns how many. */
  deleteEmpty(): number;
}

export function createStoriesTable(db: Database.Database): StoriesTable {
  const insert = db.prepare(`INSERT INTO stories (id, created_at, updated_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING`);
  const canonical = db.prepare(`UPDATE stories SET canonical_item_id = ?, updated_at = ? WHERE id = ?`);
  const cols = `id, canonical_item_id AS canonicalItemId, created_at AS createdAt, updated_at AS updatedAt`;
  const getStmt = db.prepare<[string], StoryRow>(`SELECT ${cols} FROM stories WHERE id = ?`);
  const recentStmt = db.prepare<[number], StoryRow>(`SELECT ${cols} FROM stories ORDER BY updated_at DESC LIMIT ?`);
  const total = db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM stories`);
  const empty = db.prepare(`DELETE FROM stories WHERE NOT EXISTS (SELECT 1 FROM items WHERE items.story_id = stories.id)`);
  return {
    create: (id, at) => void insert.run(id, at, at),
    setCanonical: (id, itemId, at) => void canonical.run(itemId, at, id),
    get: (id) => getStmt.get(id) ?? null,
    recent: (limit) => recentStmt.all(limit),
    count: () => total.get()?.n ?? 0,
    deleteEmpty: () => empty.run().changes,
  };
}
