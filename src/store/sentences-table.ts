/** story_sentences: hashes of placed items' sentences (and headline, position -1), to find teasers and background. */
import type Database from 'better-sqlite3';

export interface SentencesTable {
  /** Replaces an item's sentences (hash and position in the item). */
  put(itemId: string, storyId: string, at: number, sentences: Array<{ hash: number; position: number }>, knownEmpty?: boolean): void;
  /** Distinct stories carrying this hash with `at` in [from, to], at most `limit`. */
  stories(hash: number, from: number, to: number, limit: number): string[];
  of(itemId: string): Array<{ hash: number; position: number }>;
  deleteItem(itemId: string): void;
  /** Deletes the rows of these items in one statement. */
  deleteItems(itemIds: string[]): void;
  deleteOlderThan(at: number): number;
  clear(): void;
  /** Forgets which hashes have rows (another process may have written some): the next lookup reads them again. */
  forgetPresence(): void;
}

export function createSentencesTable(db: Database.Database): SentencesTable {
  const remove = db.prepare(`DELETE FROM story_sentences WHERE item_id = ?`);
  const insert = db.prepare(`INSERT INTO story_sentences (hash, item_id, story_id, position, at) VALUES (?, ?, ?, ?, ?)`);
  const stories = db.prepare<[number, number, number, number], { story_id: string }>(
    `SELECT DISTINCT story_id FROM story_sentences WHERE hash = ? AND at BETWEEN ? AND ? LIMIT ?`);
  const one = db.prepare<[string], { hash: number; position: number }>(`SELECT hash, position FROM story_sentences WHERE item_id = ?`);
  const removeMany = db.prepare(`DELETE FROM story_sentences WHERE item_id IN (SELECT value FROM json_each(?))`);
  const older = db.prepare(`DELETE FROM story_sentences WHERE at < ?`);
  const clear = db.prepare(`DELETE FROM story_sentences`);
  const hashes = db.prepare<[], number>(`SELECT DISTINCT hash FROM story_sentences`).pluck();
  // Every hash with a row, or more (rows deleted or rolled back since): most hashes a cold fill looks up have none.
  let present: Set<number> | null = null;
  return {
    put: (itemId, storyId, at, sentences, knownEmpty = false) => {
      if (!knownEmpty) remove.run(itemId);
      for (const s of sentences) {
        insert.run(s.hash, itemId, storyId, s.position, Math.floor(at));
        present?.add(s.hash);
      }
    },
    stories: (hash, from, to, limit) => {
      present ??= new Set(hashes.all());
      if (!present.has(hash)) return [];
      return stories.all(hash, Math.floor(from), Math.ceil(to), limit).map((r) => r.story_id);
    },
    of: (itemId) => one.all(itemId),
    deleteItem: (itemId) => void remove.run(itemId),
    deleteItems: (itemIds) => void (itemIds.length > 0 && removeMany.run(JSON.stringify(itemIds))),
    deleteOlderThan: (at) => older.run(Math.floor(at)).changes,
    clear: () => void clear.run(),
    forgetPresence: () => void (present = null),
  };
}
