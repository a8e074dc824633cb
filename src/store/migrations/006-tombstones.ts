/**
 * 6: retention tombstones. What identifies a pruned item, so a later refresh neither stores nor
 * counts it again: its source, a 64-bit key of its item id (itself a digest of source + identity)
 * and 64 bits of its content hash. `seen_at` is the last full read of the source that still
 * carried the entry (NULL until one does); `source_reads` holds each source's last full read and
 * how many of its entries were older than retention. Times are unix seconds.
 */
export const id = 6;
export const sql = `
  CREATE TABLE tombstones (
    source_id TEXT NOT NULL,
    key INTEGER NOT NULL,
    content INTEGER NOT NULL,
    pruned_at INTEGER NOT NULL,
    seen_at INTEGER,
    PRIMARY KEY (source_id, key)
  ) WITHOUT ROWID;
  CREATE TABLE source_reads (
    source_id TEXT PRIMARY KEY,
    read_at INTEGER NOT NULL,
    too_old INTEGER NOT NULL DEFAULT 0
  ) WITHOUT ROWID;
  `;
