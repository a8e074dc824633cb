/**
 * 2: full-text search. items.search is a stored generated tsvector (title weighted A, body B),
 * so every writer keeps it in step without triggers, and a GIN index serves `@@` queries.
 */
import { SEARCH_CONFIG, SEARCH_CONFIG_DDL } from '../search-query.js';

export const id = 2;
export const sql = `
  ${SEARCH_CONFIG_DDL}
  ALTER TABLE items ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('${SEARCH_CONFIG}', title), 'A') ||
    setweight(to_tsvector('${SEARCH_CONFIG}', content_text), 'B')
  ) STORED;
  CREATE INDEX items_search ON items USING gin (search);
  `;
