/**
 * 14: every story index row (signatures, sentences, lines) carries its item's placement key, the
 * sort date beside the item id, so a lookup reads only rows of items placed before the one being
 * placed and rows of later items may stay stored (a placement rewrites only the items it places
 * again). Existing rows take their item's sort date (rows are written at it); rows of items no
 * longer stored go. The lookups' indexes carry the key, in placement order within a second.
 */
export const id = 14;
export const sql = `
  ALTER TABLE story_signatures ADD COLUMN sort_date TEXT NOT NULL DEFAULT '';
  ALTER TABLE story_sentences ADD COLUMN sort_date TEXT NOT NULL DEFAULT '';
  ALTER TABLE story_lines ADD COLUMN sort_date TEXT NOT NULL DEFAULT '';
  UPDATE story_signatures SET sort_date = coalesce((SELECT sort_date FROM items WHERE items.id = story_signatures.item_id), '');
  UPDATE story_sentences SET sort_date = coalesce((SELECT sort_date FROM items WHERE items.id = story_sentences.item_id), '');
  UPDATE story_lines SET sort_date = coalesce((SELECT sort_date FROM items WHERE items.id = story_lines.item_id), '');
  DELETE FROM story_signatures WHERE sort_date = '';
  DELETE FROM story_sentences WHERE sort_date = '';
  DELETE FROM story_lines WHERE sort_date = '';
  DROP INDEX IF EXISTS story_sentences_hash_at;
  CREATE INDEX story_sentences_hash_key ON story_sentences(hash, at, sort_date, item_id);
  DROP INDEX IF EXISTS story_lines_key;
  CREATE INDEX story_lines_key ON story_lines(source_id, line_key, at, sort_date, item_id);
  UPDATE story_index_state SET value = value + 1 WHERE key = 'generation';
  `;
