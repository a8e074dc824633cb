/**
 * Full-text search over items (FTS5 table items_fts, migration 2): the `query` rule of curated
 * feeds and GET /search. Queries use SQLite's FTS5 syntax; columns are `title` and `body`.
 */
import Database from 'better-sqlite3';
import { fromRow, type ItemRow, type StoredItem } from './items-table.js';

export interface SearchQuery {
  /** An FTS5 query, already checked with validateSearchQuery. */
  match: string;
  /** Only these sources; empty means all. */
  sourceIds: string[];
  /** Only items whose sort date is at or after this ISO date. */
  since: string | null;
  limit: number;
}

export interface SearchTable {
  /** Items matching the query, newest first. */
  search(query: SearchQuery): StoredItem[];
  /** How many items the index holds (tests and health). */
  count(): number;
}

/** Longer queries are refused: a query is run on every feed refresh and every /search request. */
export const MAX_QUERY_LENGTH = 500;

export function createSearchTable(db: Database.Database): SearchTable {
  const total = db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM items_fts_keys`);
  return {
    search: (query) => selectMatches(db, query).map(fromRow),
    count: () => total.get()?.n ?? 0,
  };
}

function selectMatches(db: Database.Database, query: SearchQuery): ItemRow[] {
  const where = ['items_fts MATCH ?'];
  const params: unknown[] = [query.match];
  if (query.sourceIds.length > 0) {
    where.push(`i.source_id IN (${query.sourceIds.map(() => '?').join(', ')})`);
    params.push(...query.sourceIds);
  }
  if (query.since) {
    where.push('i.sort_date >= ?');
    params.push(query.since);
  }
  const sql = `SELECT i.* FROM items_fts
    JOIN items_fts_keys k ON k.key = items_fts.rowid
    JOIN items i ON i.id = k.item_id
    WHERE ${where.join(' AND ')} ORDER BY i.sort_date DESC, i.id LIMIT ?`;
  return db.prepare<unknown[], ItemRow>(sql).all(...params, query.limit);
}

/** Each `word*` reads the index of every word it starts; a short one reads nearly all of it. */
export const MAX_PREFIX_TERMS = 8;
export const MIN_PREFIX_CHARS = 3;
/** NEAR checks every combination of its terms' positions: its cost grows with their number. */
export const MAX_NEAR_GROUPS = 2;
export const MAX_NEAR_TERMS = 8;

/**
 * What makes an FTS5 query expensive, refused before it runs: on 20,000 items
 * `NEAR(k* r* m* …, 9)` (500 characters) took 10 s of one thread; within these caps, well under 1 s.
 */
function costlyQueryProblem(query: string): string | null {
  const prefixes = [...query.matchAll(/([\p{L}\p{N}_]*)"?\s*\*/gu)].map((m) => m[1] ?? '');
  if (prefixes.length > MAX_PREFIX_TERMS) return `has ${prefixes.length} prefix terms (at most ${MAX_PREFIX_TERMS})`;
  const short = prefixes.find((p) => [...p].length < MIN_PREFIX_CHARS);
  if (short !== undefined) return `has the prefix term "${short}*" (a prefix needs at least ${MIN_PREFIX_CHARS} letters)`;
  const groups = [...query.matchAll(/\bNEAR\s*\(([^)]*)\)/g)].map((m) => (m[1] ?? '').split(',')[0] ?? '');
  if (groups.length > MAX_NEAR_GROUPS) return `has ${groups.length} NEAR groups (at most ${MAX_NEAR_GROUPS})`;
  const crowded = groups.map((g) => g.trim().split(/\s+/).filter(Boolean).length).find((n) => n > MAX_NEAR_TERMS);
  if (crowded !== undefined) return `has a NEAR group of ${crowded} terms (at most ${MAX_NEAR_TERMS})`;
  return null;
}

let checker: Database.Statement<[string]> | null = null;

/**
 * Null when SQLite's FTS5 accepts the query, else why not (SQLite's own message). Checked against
 * an empty in-memory index with the same columns and tokenizer, so config validation needs no store.
 */
export function validateSearchQuery(query: string): string | null {
  if (query.trim() === '') return 'is empty';
  if (query.length > MAX_QUERY_LENGTH) return `is longer than ${MAX_QUERY_LENGTH} characters`;
  const costly = costlyQueryProblem(query);
  if (costly !== null) return costly;
  if (checker === null) {
    const db = new Database(':memory:');
    db.exec(`CREATE VIRTUAL TABLE items_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2')`);
    checker = db.prepare<[string]>('SELECT rowid FROM items_fts WHERE items_fts MATCH ?');
  }
  try {
    checker.all(query);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}
