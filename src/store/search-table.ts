/**
 * Full-text search over items (FTS5 table items_fts, migration 2): the `query` rule of curated
 * feeds and GET /search. Queries are wiredesk's query language (src/curate/query-language.ts),
 * compiled to FTS5 here; columns are `title` and `body`.
 */
import type Database from 'better-sqlite3';
import { parseQuery, QueryError } from '../curate/query-language.js';
import { toFts5 } from '../curate/query-print.js';
import { fromRow, type ItemRow, type StoredItem } from './items-table.js';
import { createSearchWorker, type SearchWorker } from './search-worker.js';

export { MAX_QUERY_LENGTH } from '../curate/query-language.js';
export { MAX_NEAR_GROUPS, MAX_NEAR_TERMS, MAX_PREFIX_TERMS, MIN_PREFIX_CHARS } from '../curate/query-caps.js';

export interface SearchQuery {
  /** A query in wiredesk's language (checked with parseQuery or validateSearchQuery). */
  match: string;
  /** Only these sources; empty means all. */
  sourceIds: string[];
  /** Only items whose sort date is at or after this ISO date. */
  since: string | null;
  limit: number;
}

export interface SearchTable {
  /** Items matching the query, newest first, on the calling thread (curated feeds: operator-written, checked queries). */
  search(query: SearchQuery): StoredItem[];
  /**
   * The same, with the MATCH run on a worker thread under a time budget (GET /search): rejects
   * with SEARCH_TIMEOUT (status 503) past `timeoutMs`. An in-memory store has no file a second
   * connection could read: it matches on the calling thread.
   */
  searchWithin(query: SearchQuery, timeoutMs: number): Promise<StoredItem[]>;
  /** How many items the index holds (tests and health). */
  count(): number;
  /** Stops the search thread. */
  close(): Promise<void>;
}

export function createSearchTable(db: Database.Database): SearchTable {
  const total = db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM items_fts_keys`);
  let worker: SearchWorker | null = null;
  const onThread = !db.memory && db.name !== '';
  const search = (query: SearchQuery): StoredItem[] => {
    const { sql, params } = matchStatement(query);
    return db.prepare<unknown[], ItemRow>(sql).all(...params).map(fromRow);
  };
  return {
    search,
    async searchWithin(query, timeoutMs) {
      if (!onThread) return search(query);
      // The rows are read there too: loading ~700 items is most of a search's time after the match.
      const { sql, params } = matchStatement(query);
      const rows = await (worker ??= createSearchWorker(db.name)).all(sql, params, timeoutMs);
      return (rows as ItemRow[]).map(fromRow);
    },
    count: () => total.get()?.n ?? 0,
    close: async () => worker?.close(),
  };
}

function matchStatement(query: SearchQuery): { sql: string; params: unknown[] } {
  const where = ['items_fts MATCH ?'];
  const params: unknown[] = [toFts5(parseQuery(query.match))];
  if (query.sourceIds.length > 0) {
    where.push(`i.source_id IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(query.sourceIds));
  }
  if (query.since) {
    where.push('i.sort_date >= ?');
    params.push(query.since);
  }
  params.push(query.limit);
  const sql = `SELECT i.* FROM items_fts
    JOIN items_fts_keys k ON k.key = items_fts.rowid
    JOIN items i ON i.id = k.item_id
    WHERE ${where.join(' AND ')} ORDER BY i.sort_date DESC, i.id LIMIT ?`;
  return { sql, params };
}

/**
 * Null when the query is valid, else why not. Pure: parsing needs no store, so `wiredesk check`
 * validates queries without opening SQLite.
 */
export function validateSearchQuery(query: string): string | null {
  try {
    parseQuery(query);
    return null;
  } catch (err) {
    if (err instanceof QueryError) return `${err.problem} at character ${err.position + 1}`;
    throw err;
  }
}
