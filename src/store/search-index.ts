/**
 * Upkeep of the full-text index for new items (items_fts, keyed through items_fts_keys; see
 * migrations 2 and 12). The items table notes each item it inserts; `flush` indexes them all in
 * two statements at the end of the writer's transaction, so FTS5 writes one segment per commit
 * instead of one per row. An insert outside a transaction is indexed at once. Updates and deletes
 * keep their triggers (migration 2).
 */
import type Database from 'better-sqlite3';

export interface SearchIndex {
  /** A new item, to index when its transaction ends. */
  note(itemId: string): void;
  /** Indexes every noted item (call inside the transaction that wrote them). */
  flush(): void;
  /** Forgets noted items (their transaction rolled back). */
  discard(): void;
}

export function createSearchIndex(db: Database.Database): SearchIndex {
  const added = new Set<string>();
  // Only items that exist: a savepoint rolled back inside the transaction took its items with it.
  const addKeys = db.prepare(`INSERT INTO items_fts_keys (item_id) SELECT i.id FROM json_each(?) j JOIN items i ON i.id = j.value
    WHERE true ON CONFLICT (item_id) DO NOTHING`);
  const addRows = db.prepare(`INSERT INTO items_fts (rowid, title, body)
    SELECT k.key, i.title, i.content_text FROM json_each(?) j
    JOIN items_fts_keys k ON k.item_id = j.value JOIN items i ON i.id = j.value ORDER BY k.key`);
  const flush = (): void => {
    if (added.size === 0) return;
    const ids = JSON.stringify([...added]);
    added.clear();
    addKeys.run(ids);
    addRows.run(ids);
  };
  return {
    note: (itemId) => {
      added.add(itemId);
      if (!db.inTransaction) flush();
    },
    flush,
    discard: () => added.clear(),
  };
}
