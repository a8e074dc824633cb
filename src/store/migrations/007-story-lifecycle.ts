/**
 * 7: the story lifecycle's own rows, so every placement decision reads only what the items
 * placed before it wrote (online ingest and `recluster` then decide alike):
 *   story_lines:    each item's short lines, with its story and date (per-source chrome, counted
 *                   over the window, not over the whole history: replaces source_lines);
 *   story_versions: how each item joined its story (exact, near, teaser, headline or new), the
 *                   canonical it was compared with, the similarity, and the chrome lines it dropped;
 *   story_index_state: the index generation (other processes reload when it moves) and the date
 *                   before which index rows were pruned.
 * Headline rows live in story_sentences with position -1.
 */
export const id = 7;
export const sql = `
  DROP TABLE IF EXISTS source_lines;
  CREATE TABLE story_lines (
    source_id TEXT NOT NULL,
    line_key INTEGER NOT NULL,
    item_id TEXT NOT NULL,
    story_id TEXT NOT NULL,
    at INTEGER NOT NULL
  );
  CREATE INDEX story_lines_key ON story_lines(source_id, line_key, at);
  CREATE INDEX story_lines_item ON story_lines(item_id);
  CREATE INDEX story_lines_at ON story_lines(at);
  CREATE INDEX story_sentences_hash_at ON story_sentences(hash, at);
  CREATE TABLE story_versions (
    item_id TEXT PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
    story_id TEXT NOT NULL,
    via TEXT NOT NULL,
    compared_item_id TEXT,
    jaccard REAL,
    containment REAL,
    chrome TEXT NOT NULL DEFAULT '[]'
  );
  CREATE INDEX story_versions_story ON story_versions(story_id);
  CREATE TABLE story_index_state (
    key TEXT PRIMARY KEY,
    value INTEGER NOT NULL
  );
  INSERT INTO story_index_state (key, value) VALUES ('generation', 0), ('pruned_before', 0);
  `;
