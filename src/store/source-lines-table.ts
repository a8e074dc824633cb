/**
 * story_lines: the short lines each placed item printed, with its source, story and placement key.
 * A line a source printed under many different stories within the window is chrome ("Abonnez-vous…",
 * a copyright line); counting over the window among items placed before (not the whole history)
 * keeps the decision a function of the items placed before, whatever order they arrived in.
 */
import type Database from 'better-sqlite3';
import type { OrderKey } from '../dedup/story-port.js';
import { PresenceBits, sourceLineKey } from './presence-bits.js';
import { NO_BOUND, ROW_AFTER, ROW_BEFORE } from './sentences-table.js';

export interface SourceLinesTable {
  put(sourceId: string, itemId: string, storyId: string, at: number, sortDate: string, lineKeys: number[], knownEmpty?: boolean): void;
  /** Distinct stories under which this source printed the line, dated in [from, to] and placed before `before`, counted up to `limit`. */
  stories(sourceId: string, lineKey: number, from: number, to: number, limit: number, before?: OrderKey): number;
  /** Items of this source after `after` that printed the line. */
  later(sourceId: string, lineKey: number, after: OrderKey): OrderKey[];
  of(itemId: string): number[];
  deleteItem(itemId: string): void;
  /** Deletes the rows of these items in one statement. */
  deleteItems(itemIds: string[]): void;
  deleteOlderThan(at: number): number;
  clear(): void;
  /** Forgets which lines have rows (another process may have written some): the next count reads them again. */
  forgetPresence(): void;
}

interface LineParams { sourceId: string; key: number; sortDate: string; id: string }

export function createSourceLinesTable(db: Database.Database): SourceLinesTable {
  const remove = db.prepare(`DELETE FROM story_lines WHERE item_id = ?`);
  const insert = db.prepare(`INSERT INTO story_lines (source_id, line_key, item_id, story_id, at, sort_date) VALUES (?, ?, ?, ?, ?, ?)`);
  const count = db.prepare<LineParams & { from: number; to: number; limit: number }, { n: number }>(`SELECT COUNT(*) AS n FROM (
    SELECT DISTINCT story_id FROM story_lines WHERE source_id = @sourceId AND line_key = @key AND at BETWEEN @from AND @to AND ${ROW_BEFORE} LIMIT @limit)`);
  const later = db.prepare<LineParams, OrderKey>(`SELECT item_id AS id, sort_date AS sortDate FROM story_lines
    WHERE source_id = @sourceId AND line_key = @key AND ${ROW_AFTER}`);
  const one = db.prepare<[string], { line_key: number }>(`SELECT line_key FROM story_lines WHERE item_id = ?`);
  const removeMany = db.prepare(`DELETE FROM story_lines WHERE item_id IN (SELECT value FROM json_each(?))`);
  const older = db.prepare(`DELETE FROM story_lines WHERE at < ?`);
  const clear = db.prepare(`DELETE FROM story_lines`);
  const keys = db.prepare<[], { source_id: string; line_key: number }>(`SELECT DISTINCT source_id, line_key FROM story_lines`);
  // Every (source, line) with a row, or more (rows deleted or rolled back since): most lines are printed once.
  let present: PresenceBits | null = null;
  const loadPresent = (): PresenceBits => {
    const bits = new PresenceBits();
    for (const row of keys.iterate()) bits.add(sourceLineKey(row.source_id, row.line_key));
    return bits;
  };
  const has = (sourceId: string, key: number): boolean => (present ??= loadPresent()).mayHave(sourceLineKey(sourceId, key));
  return {
    put: (sourceId, itemId, storyId, at, sortDate, lineKeys, knownEmpty = false) => {
      if (!knownEmpty) remove.run(itemId);
      for (const key of new Set(lineKeys)) {
        insert.run(sourceId, key, itemId, storyId, Math.floor(at), sortDate);
        present?.add(sourceLineKey(sourceId, key));
      }
    },
    stories: (sourceId, key, from, to, limit, before = NO_BOUND) => {
      if (!has(sourceId, key)) return 0;
      return count.get({ sourceId, key, from: Math.floor(from), to: Math.ceil(to), limit, sortDate: before.sortDate, id: before.id })?.n ?? 0;
    },
    later: (sourceId, key, after) => (has(sourceId, key) ? later.all({ sourceId, key, sortDate: after.sortDate, id: after.id }) : []),
    of: (itemId) => one.all(itemId).map((r) => r.line_key),
    deleteItem: (itemId) => void remove.run(itemId),
    deleteItems: (itemIds) => void (itemIds.length > 0 && removeMany.run(JSON.stringify(itemIds))),
    deleteOlderThan: (at) => older.run(Math.floor(at)).changes,
    clear: () => void clear.run(),
    forgetPresence: () => void (present = null),
  };
}
