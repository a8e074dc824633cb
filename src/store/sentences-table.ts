/** story_sentences: hashes of items' sentences, to find teasers and background paragraphs. */
import type Database from 'better-sqlite3';

export interface SentenceHit {
  itemId: string;
  storyId: string;
  position: number;
  at: number;
}

export interface SentencesTable {
  /** Replaces an item's sentences (hash and position in the item). */
  put(itemId: string, storyId: string, at: number, sentences: Array<{ hash: number; position: number }>): void;
  /** Items carrying this sentence with `at` in [from, to], at most `limit`. */
  find(hash: number, from: number, to: number, limit: number): SentenceHit[];
  /** Up to `limit` distinct stories that carry this sentence. */
  storiesOf(hash: number, limit: number): string[];
  deleteOlderThan(at: number): number;
  clear(): void;
}

export function createSentencesTable(db: Database.Database): SentencesTable {
  const remove = db.prepare(`DELETE FROM story_sentences WHERE item_id = ?`);
  const insert = db.prepare(`INSERT INTO story_sentences (hash, item_id, story_id, position, at) VALUES (?, ?, ?, ?, ?)`);
  const find = db.prepare<[number, number, number, number], { itemId: string; storyId: string; position: number; at: number }>(
    `SELECT item_id AS itemId, story_id AS storyId, position, at FROM story_sentences
     WHERE hash = ? AND at BETWEEN ? AND ? LIMIT ?`);
  const stories = db.prepare<[number, number], { story_id: string }>(
    `SELECT DISTINCT story_id FROM story_sentences WHERE hash = ? LIMIT ?`);
  const older = db.prepare(`DELETE FROM story_sentences WHERE at < ?`);
  const clear = db.prepare(`DELETE FROM story_sentences`);
  return {
    put: (itemId, storyId, at, sentences) => {
      remove.run(itemId);
      for (const s of sentences) insert.run(s.hash, itemId, storyId, s.position, Math.floor(at));
    },
    find: (hash, from, to, limit) => find.all(hash, Math.floor(from), Math.ceil(to), limit),
    storiesOf: (hash, limit) => stories.all(hash, limit).map((r) => r.story_id),
    deleteOlderThan: (at) => older.run(Math.floor(at)).changes,
    clear: () => void clear.run(),
  };
}
