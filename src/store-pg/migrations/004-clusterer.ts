/**
 * The story clusterer's own rows.
 *   clusterer:         the commit_seq up to which every item was placed, who placed it and when;
 *   story_placements:  the placement key and exact hash each item was last placed with, so an
 *                      update is placed again from where it was as well as from where it is now,
 *                      and what it shared before counts as changed;
 *   story_sentences.seq: insertion order, the order SQLite's rowid gives a hash's stories in.
 * Placement order compares dates and ids by code unit (SQLite's BINARY): the index says COLLATE "C".
 */
export const id = 4;
export const sql = `
  CREATE TABLE clusterer (
    name text PRIMARY KEY,
    cursor_seq bigint NOT NULL DEFAULT 0,
    holder text,
    placed_at text
  );
  INSERT INTO clusterer (name) VALUES ('stories');
  CREATE TABLE story_placements (
    item_id text PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
    sort_date text NOT NULL,
    content_hash text NOT NULL
  );
  ALTER TABLE story_sentences ADD COLUMN seq bigserial;
  CREATE INDEX items_placement_key ON items ((sort_date COLLATE "C"), (id COLLATE "C"));
  `;
