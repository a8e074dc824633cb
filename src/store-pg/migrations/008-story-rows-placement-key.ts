/**
 * 8: the story index rows carry their item's placement key (sort date) as SQLite's migration 14
 * gives them, so `migrate-store` copies every column and the rows written back read as SQLite's.
 * The clusterer's in-memory index takes the key from its hydrated items; the column is kept true
 * for the rows it writes back. Existing rows take their item's sort date.
 */
export const id = 8;
export const sql = `
  ALTER TABLE story_signatures ADD COLUMN sort_date text NOT NULL DEFAULT '';
  ALTER TABLE story_sentences ADD COLUMN sort_date text NOT NULL DEFAULT '';
  ALTER TABLE story_lines ADD COLUMN sort_date text NOT NULL DEFAULT '';
  UPDATE story_signatures r SET sort_date = i.sort_date FROM items i WHERE i.id = r.item_id;
  UPDATE story_sentences r SET sort_date = i.sort_date FROM items i WHERE i.id = r.item_id;
  UPDATE story_lines r SET sort_date = i.sort_date FROM items i WHERE i.id = r.item_id;
`;
