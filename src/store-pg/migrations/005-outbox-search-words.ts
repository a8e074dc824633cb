/**
 * 5: side jobs and our own search words.
 *   websub_outbox / websub_announced: as SQLite's migration 17 (a row per refresh commit that
 *     changed items, written in its transaction; the ETag each feed URL was last announced with).
 *   items.search_title / search_body: the words SQLite's FTS5 indexes (searchText, written with
 *     the row), and items.search now built from them, not from PostgreSQL's parse of the raw text
 *     (which keeps URLs, e-mail addresses, decimals and hyphenated words as extra lexemes), so
 *     `include.query` and `/search` select the same items on both backends. The words and the
 *     query's words are folded already (query-text.ts: Latin letters lose their accents, other
 *     scripts keep theirs, as in FTS5), so the configuration drops `unaccent`, which would also
 *     fold Greek or Cyrillic marks that SQLite keeps. Rows stored before are given their words
 *     by `after` (JavaScript, inside the migration's transaction).
 */
import type { PgClient } from '../connection.js';
import { fillSearchWords } from '../item-rows.js';
import { SEARCH_CONFIG, searchVectorSql } from '../search-query.js';

export const id = 5;
export const sql = `
  CREATE TABLE websub_outbox (
    seq bigserial PRIMARY KEY,
    created_at text NOT NULL
  );
  CREATE TABLE websub_announced (
    url text PRIMARY KEY,
    etag text NOT NULL,
    announced_at text NOT NULL
  );
  ALTER TEXT SEARCH CONFIGURATION ${SEARCH_CONFIG}
    ALTER MAPPING FOR asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, hword_numpart WITH simple;
  ALTER TABLE items DROP COLUMN search;
  ALTER TABLE items ADD COLUMN search_title text, ADD COLUMN search_body text;
  ALTER TABLE items ADD COLUMN search tsvector GENERATED ALWAYS AS (
    ${searchVectorSql(`coalesce(search_title, '')`, `coalesce(search_body, '')`)}
  ) STORED;
  CREATE INDEX items_search ON items USING gin (search);
  CREATE INDEX webhook_deliveries_pending ON webhook_deliveries(next_attempt_at) WHERE status = 'pending';
`;

export async function after(client: PgClient): Promise<void> {
  await fillSearchWords(client);
}
