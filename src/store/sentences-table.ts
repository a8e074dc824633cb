/**
 * story_sentences: hashes of placed items' sentences (and headline, position -1), to find teasers
 * and background. Each row carries its item's placement key (sort date, item id): lookups read only
 * rows of items placed before the one being placed, whatever later rows are stored.
 */
import type Database from 'better-sqlite3';
import type { OrderKey } from '../dedup/story-port.js';
import { PresenceBits } from './presence-bits.js';

export interface SentencesTable {
  /** Replaces an item's sentences (hash and position in the item). */
  put(itemId: string, storyId: string, at: number, sortDate: string, sentences: Array<{ hash: number; position: number }>, knownEmpty?: boolean): void;
  /** Distinct stories carrying this hash with `at` in [from, to] and placed before `before`, first seen in placement order, at most `limit`. */
  stories(hash: number, from: number, to: number, limit: number, before?: OrderKey): string[];
  /** Items after `after` carrying this hash. */
  later(hash: number, after: OrderKey): OrderKey[];
  of(itemId: string): Array<{ hash: number; position: number }>;
  deleteItem(itemId: string): void;
  /** Deletes the rows of these items in one statement. */
  deleteItems(itemIds: string[]): void;
  deleteOlderThan(at: number): number;
  clear(): void;
  /** Forgets which hashes have rows (another process may have written some): the next lookup reads them again. */
  forgetPresence(): void;
}

/** A row placed before the key @sortDate, @id (placement order compares code units, as BINARY does). */
export const ROW_BEFORE = `(sort_date < @sortDate OR (sort_date = @sortDate AND item_id < @id))`;
export const ROW_AFTER = `(sort_date > @sortDate OR (sort_date = @sortDate AND item_id > @id))`;
/** Beyond every key: ISO dates start with a digit or a sign. */
export const NO_BOUND: OrderKey = { sortDate: '\uffff', id: '' };

export function createSentencesTable(db: Database.Database): SentencesTable {
  const remove = db.prepare(`DELETE FROM story_sentences WHERE item_id = ?`);
  const insert = db.prepare(`INSERT INTO story_sentences (hash, item_id, story_id, position, at, sort_date) VALUES (?, ?, ?, ?, ?, ?)`);
  const stories = db.prepare<{ hash: number; from: number; to: number; sortDate: string; id: string }, { story_id: string }>(
    `SELECT story_id FROM story_sentences WHERE hash = @hash AND at BETWEEN @from AND @to AND ${ROW_BEFORE}
     ORDER BY at, sort_date, item_id`);
  const later = db.prepare<{ hash: number; sortDate: string; id: string }, OrderKey>(
    `SELECT DISTINCT item_id AS id, sort_date AS sortDate FROM story_sentences WHERE hash = @hash AND ${ROW_AFTER}`);
  const one = db.prepare<[string], { hash: number; position: number }>(`SELECT hash, position FROM story_sentences WHERE item_id = ?`);
  const removeMany = db.prepare(`DELETE FROM story_sentences WHERE item_id IN (SELECT value FROM json_each(?))`);
  const older = db.prepare(`DELETE FROM story_sentences WHERE at < ?`);
  const clear = db.prepare(`DELETE FROM story_sentences`);
  const hashes = db.prepare<[], number>(`SELECT DISTINCT hash FROM story_sentences`).pluck();
  // Every hash with a row, or more (rows deleted or rolled back since): most hashes a cold fill looks up have none.
  let present: PresenceBits | null = null;
  const loadPresent = (): PresenceBits => {
    const bits = new PresenceBits();
    for (const hash of hashes.iterate()) bits.add(hash);
    return bits;
  };
  const has = (hash: number): boolean => (present ??= loadPresent()).mayHave(hash);
  return {
    put: (itemId, storyId, at, sortDate, sentences, knownEmpty = false) => {
      if (!knownEmpty) remove.run(itemId);
      for (const s of sentences) {
        insert.run(s.hash, itemId, storyId, s.position, Math.floor(at), sortDate);
        present?.add(s.hash);
      }
    },
    stories: (hash, from, to, limit, before = NO_BOUND) => {
      if (limit <= 0 || !has(hash)) return [];
      const out: string[] = [];
      for (const row of stories.iterate({ hash, from: Math.floor(from), to: Math.ceil(to), sortDate: before.sortDate, id: before.id })) {
        if (!out.includes(row.story_id)) out.push(row.story_id);
        if (out.length >= limit) break;
      }
      return out;
    },
    later: (hash, after) => (has(hash) ? later.all({ hash, sortDate: after.sortDate, id: after.id }) : []),
    of: (itemId) => one.all(itemId),
    deleteItem: (itemId) => void remove.run(itemId),
    deleteItems: (itemIds) => void (itemIds.length > 0 && removeMany.run(JSON.stringify(itemIds))),
    deleteOlderThan: (at) => older.run(Math.floor(at)).changes,
    clear: () => void clear.run(),
    forgetPresence: () => void (present = null),
  };
}
