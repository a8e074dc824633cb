/**
 * The curate read port over PostgreSQL: the same answers as src/store/curate-reads.ts, byte for
 * byte. Orderings and range checks on text use COLLATE "C" (SQLite compares bytes; a database
 * created with a natural-language collation would order ISO dates and ids differently otherwise).
 */
import type { CandidateRequest, CuratePort, SourceFacts } from '../curate/curate-port.js';
import { parseQuery } from '../curate/query-language.js';
import { groupByStory } from '../store/curate-reads.js';
import { fromRow, type ItemRow, type StoredItem } from '../store/items-table.js';
import type { PgQueryable } from './connection.js';
import { searchMatchSql, toTsquery } from './search-query.js';

/** Every column of an item as SQLite returns it (never the tsvector, nor PostgreSQL-only columns). */
export const ITEM_COLUMNS = ['id', 'source_id', 'identity', 'guid', 'url', 'title', 'summary', 'content_html', 'content_text',
  'author', 'published', 'updated', 'language', 'dateline', 'categories', 'enclosures', 'content_hash', 'revision', 'story_id',
  'fetched_at', 'changed_at', 'sort_date', 'raw', 'date_source', 'editorial', 'embargo_until', 'killed_at'].join(', ');

const NEWEST_FIRST = 'ORDER BY sort_date COLLATE "C" DESC, id COLLATE "C"';

export function createPgCuratePort(db: PgQueryable): CuratePort {
  const items = async (sql: string, params: unknown[]): Promise<StoredItem[]> => (await db.query<ItemRow>(sql, params)).rows.map(fromRow);
  return {
    generation: () => readGeneration(db),
    candidates: (request) => {
      const { where, params } = candidateWhere(request);
      return items(`SELECT ${ITEM_COLUMNS} FROM items WHERE ${where} ${NEWEST_FIRST} LIMIT $${params.length + 1}`, [...params, request.limit]);
    },
    versionsOf: async (storyIds) => groupByStory(await items(`SELECT ${ITEM_COLUMNS} FROM items WHERE story_id = ANY($1)
      ORDER BY story_id COLLATE "C", sort_date COLLATE "C", id COLLATE "C"`, [storyIds])),
    sourceFacts: async (sourceIds) => {
      const { rows } = await db.query<{ id: string } & SourceFacts>(`SELECT id, feed_title AS "feedTitle", feed_link AS "feedLink"
        FROM sources WHERE id = ANY($1)`, [sourceIds]);
      return new Map(rows.map((r) => [r.id, { feedTitle: r.feedTitle, feedLink: r.feedLink }]));
    },
    killedSince: (sourceIds, since, limit) => items(`SELECT ${ITEM_COLUMNS} FROM items
      WHERE killed_at COLLATE "C" >= $1 AND (cardinality($2::text[]) = 0 OR source_id = ANY($2))
      ORDER BY killed_at COLLATE "C" DESC, id COLLATE "C" LIMIT $3`, [since, sourceIds, limit]),
  };
}

export async function readGeneration(db: PgQueryable): Promise<number> {
  const { rows } = await db.query<{ value: string }>(`SELECT value FROM meta WHERE key = 'generation'`);
  return Number(rows[0]?.value ?? 0);
}

function candidateWhere(request: CandidateRequest): { where: string; params: unknown[] } {
  const where = ['(cardinality($1::text[]) = 0 OR source_id = ANY($1))', '($2::text IS NULL OR sort_date COLLATE "C" >= $2)'];
  const params: unknown[] = [request.sourceIds, request.since];
  if (request.match !== undefined) {
    params.push(toTsquery(parseQuery(request.match)));
    where.push(searchMatchSql('search', `$${params.length}`));
  }
  return { where: where.join(' AND '), params };
}
