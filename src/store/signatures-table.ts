/** story_signatures: each placed item's LSH band keys, with its story, date and placement key. */
import type Database from 'better-sqlite3';
import type { SignatureRow } from '../dedup/story-port.js';

export interface SignaturesTable {
  /** Inserts or replaces an item's row (null band keys: too short to index, no row). */
  /** `known empty`: the item has no row (deleted in this transaction), so none is deleted first. */
  put(row: { itemId: string; storyId: string; at: number; sortDate: string; bandKeys: Uint32Array | null }, knownEmpty?: boolean): void;
  /** Rows dated at or after `at`, oldest first. */
  since(at: number): SignatureRow[];
  /** An item's band keys (null when it has no row). */
  of(itemId: string): Uint32Array | null;
  deleteItem(itemId: string): void;
  /** Deletes the rows of these items in one statement. */
  deleteItems(itemIds: string[]): void;
  deleteOlderThan(at: number): number;
  clear(): void;
}

interface Row { item_id: string; story_id: string; at: number; sort_date: string; band_keys: Buffer }

export function createSignaturesTable(db: Database.Database): SignaturesTable {
  const remove = db.prepare(`DELETE FROM story_signatures WHERE item_id = ?`);
  const insert = db.prepare(`INSERT INTO story_signatures (item_id, story_id, at, sort_date, band_keys) VALUES (?, ?, ?, ?, ?)`);
  const after = db.prepare<[number], Row>(`SELECT item_id, story_id, at, sort_date, band_keys FROM story_signatures
    WHERE at >= ? AND band_keys IS NOT NULL ORDER BY at, item_id`);
  const one = db.prepare<[string], Row>(`SELECT item_id, story_id, at, sort_date, band_keys FROM story_signatures WHERE item_id = ? AND band_keys IS NOT NULL`);
  const removeMany = db.prepare(`DELETE FROM story_signatures WHERE item_id IN (SELECT value FROM json_each(?))`);
  const older = db.prepare(`DELETE FROM story_signatures WHERE at < ?`);
  const clear = db.prepare(`DELETE FROM story_signatures`);
  return {
    put: (row, knownEmpty = false) => {
      if (!knownEmpty) remove.run(row.itemId);
      if (!row.bandKeys) return;
      const blob = Buffer.from(row.bandKeys.buffer, row.bandKeys.byteOffset, row.bandKeys.byteLength);
      insert.run(row.itemId, row.storyId, Math.floor(row.at), row.sortDate, blob);
    },
    since: (at) => after.all(Math.floor(at)).map(fromRow),
    of: (itemId) => {
      const row = one.get(itemId);
      return row ? fromRow(row).bandKeys : null;
    },
    deleteItem: (itemId) => void remove.run(itemId),
    deleteItems: (itemIds) => void (itemIds.length > 0 && removeMany.run(JSON.stringify(itemIds))),
    deleteOlderThan: (at) => older.run(Math.floor(at)).changes,
    clear: () => void clear.run(),
  };
}

function fromRow(row: Row): SignatureRow {
  // Copy into an aligned buffer: SQLite blobs can start at any byte offset.
  const bandKeys = new Uint32Array(row.band_keys.byteLength / 4);
  new Uint8Array(bandKeys.buffer).set(row.band_keys);
  return { itemId: row.item_id, storyId: row.story_id, at: row.at, sortDate: row.sort_date, bandKeys };
}
