/**
 * The pages cache: what a scraped article page (or a feed item's linked page, for full text) held
 * when last fetched, so it is fetched again only when new or changed.
 */
import type Database from 'better-sqlite3';

export interface CachedPage {
  url: string;
  etag: string | null;
  lastModified: string | null;
  fetchedAt: string;
  /** Hash of the page bytes: an unchanged page (200 with the same body) is not re-extracted. */
  contentHash: string;
  /** What the item pointing here looked like (full-text sources): a changed item means a refetch. */
  itemKey: string | null;
  /** The extraction as JSON (an ExtractedPage). */
  extracted: string;
}

/**
 * What the page loader needs of the cache, on either backend: SQLite's table answers at once,
 * PostgreSQL's (store-pg/pages.ts) with promises; the loader awaits both.
 */
export interface PagesPort {
  get(url: string): CachedPage | null | Promise<CachedPage | null>;
  put(page: CachedPage): void | Promise<void>;
  /** Marks a page as checked now (a 304 or an unchanged body) without rewriting its extraction. */
  touch(url: string, fetchedAt: string, itemKey: string | null): void | Promise<void>;
}

export interface PagesTable extends PagesPort {
  get(url: string): CachedPage | null;
  put(page: CachedPage): void;
  touch(url: string, fetchedAt: string, itemKey: string | null): void;
  /** Drops pages not fetched since `before` (ISO); returns how many. */
  prune(before: string): number;
}

export interface PageRow {
  url: string;
  etag: string | null;
  last_modified: string | null;
  fetched_at: string;
  content_hash: string;
  item_key: string | null;
  extracted: string;
}

export function createPagesTable(db: Database.Database): PagesTable {
  const select = db.prepare<[string], PageRow>('SELECT * FROM pages WHERE url = ?');
  const upsert = db.prepare(`
    INSERT INTO pages (url, etag, last_modified, fetched_at, content_hash, item_key, extracted)
    VALUES (@url, @etag, @lastModified, @fetchedAt, @contentHash, @itemKey, @extracted)
    ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
      fetched_at = excluded.fetched_at, content_hash = excluded.content_hash, item_key = excluded.item_key,
      extracted = excluded.extracted`);
  const touch = db.prepare('UPDATE pages SET fetched_at = ?, item_key = ? WHERE url = ?');
  const prune = db.prepare('DELETE FROM pages WHERE fetched_at < ?');
  return {
    get: (url) => {
      const row = select.get(url);
      return row ? pageFromRow(row) : null;
    },
    put: (page) => void upsert.run(page),
    touch: (url, fetchedAt, itemKey) => void touch.run(fetchedAt, itemKey, url),
    prune: (before) => prune.run(before).changes,
  };
}

export function pageFromRow(row: PageRow): CachedPage {
  return {
    url: row.url, etag: row.etag, lastModified: row.last_modified, fetchedAt: row.fetched_at,
    contentHash: row.content_hash, itemKey: row.item_key, extracted: row.extracted,
  };
}
