/** 5: the pages cache: article pages fetched by scrapers and full-text extraction, by URL. */
export const id = 5;
export const sql = `
  CREATE TABLE pages (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    fetched_at TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    item_key TEXT,
    extracted TEXT NOT NULL
  );
  CREATE INDEX pages_fetched_at ON pages(fetched_at);
  `;
