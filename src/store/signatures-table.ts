/** story_signatures: each item's LSH band keys, its story and date, in insertion order (seq). */
import type Database from 'better-sqlite3';

export interface SignatureRow {
  seq: number;
  itemId: string;
  storyId: string;
  /** The item's sort date, epoch seconds. */
  at: number;
  /** Null when the item has too few words to be indexed. */
  bandKeys: Uint32Array | null;
}

export interface SignaturesTable {
  /** Inserts or replaces an item's row; a replaced row gets a new seq so readers see it again. */
  put(row: Omit<SignatureRow, 'seq'>): void;
  /** Rows with seq above `afterSeq` and `at` at or after `since`, in seq order. */
  since(afterSeq: number, since: number, limit: number): SignatureRow[];
  maxSeq(): number;
  deleteOlderThan(at: number): number;
  clear(): void;
  count(): number;
}

interface Row { seq: number; item_id: string; story_id: string; at: number; band_keys: Buffer | null }

export function createSignaturesTable(db: Database.Database): SignaturesTable {
  const remove = db.prepare(`DELETE FROM story_signatures WHERE item_id = ?`);
  const insert = db.prepare(`INSERT INTO story_signatures (item_id, story_id, at, band_keys) VALUES (?, ?, ?, ?)`);
  const after = db.prepare<[number, number, number], Row>(`SELECT seq, item_id, story_id, at, band_keys
    FROM story_signatures WHERE seq > ? AND at >= ? ORDER BY seq LIMIT ?`);
  const max = db.prepare<[], { n: number | null }>(`SELECT MAX(seq) AS n FROM story_signatures`);
  const older = db.prepare(`DELETE FROM story_signatures WHERE at < ?`);
  const clear = db.prepare(`DELETE FROM story_signatures`);
  const total = db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM story_signatures`);
  return {
    put: (row) => {
      remove.run(row.itemId);
      const blob = row.bandKeys ? Buffer.from(row.bandKeys.buffer, row.bandKeys.byteOffset, row.bandKeys.byteLength) : null;
      insert.run(row.itemId, row.storyId, Math.floor(row.at), blob);
    },
    since: (afterSeq, since, limit) => after.all(afterSeq, Math.floor(since), limit).map(fromRow),
    maxSeq: () => max.get()?.n ?? 0,
    deleteOlderThan: (at) => older.run(Math.floor(at)).changes,
    clear: () => void clear.run(),
    count: () => total.get()?.n ?? 0,
  };
}

function fromRow(row: Row): SignatureRow {
  let bandKeys: Uint32Array | null = null;
  if (row.band_keys) {
    // Copy into an aligned buffer: SQLite blobs can start at any byte offset.
    bandKeys = new Uint32Array(row.band_keys.byteLength / 4);
    new Uint8Array(bandKeys.buffer).set(row.band_keys);
  }
  return { seq: row.seq, itemId: row.item_id, storyId: row.story_id, at: row.at, bandKeys };
}
