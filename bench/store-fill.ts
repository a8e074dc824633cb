/**
 * Bulk rows for benchmarks only (`npm run bench`): minimal items and their one-item stories,
 * generated inside SQLite so a million rows take seconds, not minutes. Never used by the app.
 */
import Database from 'better-sqlite3';

export interface FillRange {
  /** First and last (exclusive) ordinal: item ids are it_<ordinal in hex>. */
  from: number;
  to: number;
  /** Epoch seconds of the first item's sort date, and seconds between items. */
  startAt: number;
  stepSeconds: number;
}

export function fillBenchItems(path: string, range: FillRange): void {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    const series = `WITH RECURSIVE n(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM n WHERE i < ? - 1)`;
    db.transaction(() => {
      // The throwaway bench store skips the full-text index upkeep (not on the dedup path): the
      // triggers are dropped for the fill and put back as they were.
      const triggers = db.prepare<[], { name: string; sql: string }>(
        `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'items'`).all();
      for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`);
      db.prepare(`${series} INSERT INTO stories (id, canonical_item_id, created_at, updated_at)
        SELECT printf('st_%020x', i), printf('it_%020x', i), '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z' FROM n`)
        .run(range.from, range.to);
      db.prepare(`${series} INSERT INTO items (id, source_id, identity, title, content_text, content_hash, revision,
          story_id, fetched_at, changed_at, sort_date)
        SELECT printf('it_%020x', i), 'bench-' || (i % 50), 'guid:' || i, 'Item', 'Body',
          printf('b%031x', i), 'r', printf('st_%020x', i),
          strftime('%Y-%m-%dT%H:%M:%SZ', ? + i * ?, 'unixepoch'), '2024-01-01T00:00:00Z',
          strftime('%Y-%m-%dT%H:%M:%SZ', ? + i * ?, 'unixepoch') FROM n`)
        .run(range.from, range.to, range.startAt, range.stepSeconds, range.startAt, range.stepSeconds);
      for (const t of triggers) db.exec(t.sql);
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

/**
 * Story-index rows (story_signatures, story_sentences) for bench items, as ingest would have
 * written them for the active window: random band keys and sentence hashes, which is what
 * unrelated texts look like to the index.
 */
export function fillBenchIndex(path: string, range: FillRange, sentencesPerItem: number): void {
  const db = new Database(path);
  try {
    db.pragma('synchronous = OFF');
    const series = `WITH RECURSIVE n(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM n WHERE i < ? - 1)`;
    db.transaction(() => {
      db.prepare(`${series} INSERT INTO story_signatures (item_id, story_id, at, band_keys)
        SELECT printf('it_%020x', i), printf('st_%020x', i), ? + i * ?, randomblob(128) FROM n`)
        .run(range.from, range.to, range.startAt, range.stepSeconds);
      db.prepare(`${series}, k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < ? - 1)
        INSERT INTO story_sentences (hash, item_id, story_id, position, at)
        SELECT random() >> 32, printf('it_%020x', i), printf('st_%020x', i), j, ? + i * ? FROM n, k`)
        .run(range.from, range.to, sentencesPerItem, range.startAt, range.stepSeconds);
      // Ingest prunes rows older than the kept windows as it goes: so does the fill.
      const oldest = range.startAt + range.from * range.stepSeconds;
      db.prepare(`DELETE FROM story_signatures WHERE at < ?`).run(oldest);
      db.prepare(`DELETE FROM story_sentences WHERE at < ?`).run(oldest);
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}
