/**
 * 3: the story index. Rows cover the active dedup window (older ones are pruned; `wiredesk
 * recluster` rebuilds them from items).
 *   story_signatures: LSH band keys of each item's MinHash signature (32 × uint32 as a BLOB);
 *   story_sentences:  hashes of each item's sentences (teaser index, background discount);
 *   source_lines:     short lines per source and how many stories carried them (chrome detection).
 */
export const id = 3;
export const sql = `
  CREATE TABLE story_signatures (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id TEXT NOT NULL UNIQUE,
    story_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    band_keys BLOB
  );
  CREATE INDEX story_signatures_at ON story_signatures(at);
  CREATE TABLE story_sentences (
    hash INTEGER NOT NULL,
    item_id TEXT NOT NULL,
    story_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    at INTEGER NOT NULL
  );
  CREATE INDEX story_sentences_hash ON story_sentences(hash, story_id);
  CREATE INDEX story_sentences_item ON story_sentences(item_id);
  CREATE INDEX story_sentences_at ON story_sentences(at);
  CREATE TABLE source_lines (
    source_id TEXT NOT NULL,
    line_key INTEGER NOT NULL,
    stories INTEGER NOT NULL,
    last_story_id TEXT NOT NULL,
    PRIMARY KEY (source_id, line_key)
  ) WITHOUT ROWID;
  `;
