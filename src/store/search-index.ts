/**
 * Upkeep of the full-text index (items_fts, keyed through items_fts_keys; see migrations 2 and 12).
 * The items table notes which items it inserted or rewrote; `flush` indexes them all in a few
 * statements at the end of the writer's transaction, so FTS5 writes one segment per commit
 * instead of one per row. A write outside a transaction is indexed at once.
 */
import type Database from 'better-sqlite3';

export interface SearchIndex {
  /** A new item, or one whose title or text may have changed. */
  note(itemId: string, replaced: boolean): void;
  /** Indexes every noted item (call inside the transaction that wrote them). */
  flush(): void;
  /** Forgets noted items (their transaction rolled back). */
  discard(): void;
}

export function createSearchIndex(db: Database.Database): SearchIndex {
  const added = new Set<string>();
  const replaced = new Set<string>();
  // Only items that exist: a savepoint rolled back inside the transaction took its items with it.
  const addKeys = db.prepare(`INSERT INTO items_fts_keys (item_id) SELECT i.id FROM json_each(?) j JOIN items i ON i.id = j.value
    WHERE true ON CONFLICT (item_id) DO NOTHING`);
  const dropRows = db.prepare(`DELETE FROM items_fts WHERE rowid IN
    (SELECT k.key FROM json_each(?) j JOIN items_fts_keys k ON k.item_id = j.value)`);
  const addRows = db.prepare(`INSERT INTO items_fts (rowid, title, body)
    SELECT k.key, i.title, i.content_text FROM json_each(?) j
    JOIN items_fts_keys k ON k.item_id = j.value JOIN items i ON i.id = j.value ORDER BY k.key`);
  const flush = (): void => {
    if (added.size === 0 && replaced.size === 0) return;
    const fresh = JSON.stringify([...added]);
    const changed = JSON.stringify([...replaced]);
    added.clear();
    replaced.clear();
    if (changed !== '[]') dropRows.run(changed);
    addKeys.run(fresh);
    addRows.run(fresh);
    if (changed !== '[]') addRows.run(changed);
  };
  return {
    note: (itemId, isReplaced) => {
      if (added.has(itemId)) return;
      (isReplaced ? replaced : added).add(itemId);
      if (!db.inTransaction) flush();
    },
    flush,
    discard: () => {
      added.clear();
      replaced.clear();
    },
  };
}
