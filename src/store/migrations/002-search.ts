/**
 * 2: full-text search over item title + body (FTS5), accent- and case-insensitive.
 * - Contentless with contentless_delete: the text is not stored a second time.
 * - Keyed through items_fts_keys (an INTEGER PRIMARY KEY): items has only an implicit rowid,
 *   which VACUUM (run by retention) may renumber; an INTEGER PRIMARY KEY is never renumbered.
 * - Triggers keep it in step with items inside the writer's own transaction. The update trigger
 *   fires only when the indexed text changed, so story moves and other updates cost nothing here
 *   (FTS5 upkeep is ~4x a plain row write).
 */
export const id = 2;
export const sql = `
  CREATE TABLE items_fts_keys (
    key INTEGER PRIMARY KEY,
    item_id TEXT NOT NULL UNIQUE
  );
  CREATE VIRTUAL TABLE items_fts USING fts5(
    title, body,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
  );
  INSERT INTO items_fts_keys (item_id) SELECT id FROM items ORDER BY rowid;
  INSERT INTO items_fts (rowid, title, body)
    SELECT k.key, i.title, i.content_text FROM items_fts_keys k JOIN items i ON i.id = k.item_id;
  CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN
    INSERT INTO items_fts_keys (item_id) VALUES (new.id);
    INSERT INTO items_fts (rowid, title, body)
      VALUES ((SELECT key FROM items_fts_keys WHERE item_id = new.id), new.title, new.content_text);
  END;
  CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
    DELETE FROM items_fts WHERE rowid = (SELECT key FROM items_fts_keys WHERE item_id = old.id);
    DELETE FROM items_fts_keys WHERE item_id = old.id;
  END;
  CREATE TRIGGER items_fts_update AFTER UPDATE OF title, content_text ON items
  WHEN old.title IS NOT new.title OR old.content_text IS NOT new.content_text BEGIN
    DELETE FROM items_fts WHERE rowid = (SELECT key FROM items_fts_keys WHERE item_id = old.id);
    INSERT INTO items_fts (rowid, title, body)
      VALUES ((SELECT key FROM items_fts_keys WHERE item_id = new.id), new.title, new.content_text);
  END;
  `;
