/**
 * The text-search configuration items.search is built with: PostgreSQL's `simple` parser and
 * dictionary behind `unaccent`, which matches FTS5 `unicode61 remove_diacritics` (case and accents
 * folded, no stemming). Idempotent, so it may run in any migration or test setup.
 * (Shape agreed with search-query.ts, which compiles queries against the same configuration.)
 */
export const PG_SEARCH_CONFIG = 'wiredesk_simple';

export const PG_SEARCH_CONFIG_SQL = `
  CREATE EXTENSION IF NOT EXISTS unaccent;
  DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '${PG_SEARCH_CONFIG}') THEN
      CREATE TEXT SEARCH CONFIGURATION ${PG_SEARCH_CONFIG} (COPY = simple);
      ALTER TEXT SEARCH CONFIGURATION ${PG_SEARCH_CONFIG}
        ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, simple;
    END IF;
  END $$;
  `;
