/**
 * The article pages cache on PostgreSQL: the same rows as SQLite's pages table (store/pages-table.ts),
 * behind the page loader's port, so a scrape or full-text source on PostgreSQL reuses a page with
 * the same validators and expiry. Written outside the refresh's fenced commit: a cached page is
 * only a hint, and whichever worker fetched it last is as good as any.
 */
import { pageFromRow, type PageRow, type PagesPort } from '../store/pages-table.js';
import type { PgQueryable } from './connection.js';

export interface PgPagesPort extends PagesPort {
  /** Drops pages not fetched since `before` (ISO); returns how many. */
  prune(before: string): Promise<number>;
}

export function createPgPagesPort(db: PgQueryable): PgPagesPort {
  return {
    get: async (url) => {
      const { rows } = await db.query<PageRow>(`SELECT url, etag, last_modified, fetched_at, content_hash, item_key, extracted
        FROM pages WHERE url = $1`, [url]);
      return rows[0] ? pageFromRow(rows[0]) : null;
    },
    put: async (page) => {
      await db.query(`INSERT INTO pages (url, etag, last_modified, fetched_at, content_hash, item_key, extracted)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
          fetched_at = excluded.fetched_at, content_hash = excluded.content_hash, item_key = excluded.item_key,
          extracted = excluded.extracted`,
      [page.url, page.etag, page.lastModified, page.fetchedAt, page.contentHash, page.itemKey, page.extracted]);
    },
    touch: async (url, fetchedAt, itemKey) => {
      await db.query(`UPDATE pages SET fetched_at = $2, item_key = $3 WHERE url = $1`, [url, fetchedAt, itemKey]);
    },
    prune: async (before) => (await db.query(`DELETE FROM pages WHERE fetched_at COLLATE "C" < $1`, [before])).rowCount ?? 0,
  };
}
