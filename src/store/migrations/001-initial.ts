/** 1: sources' fetch state, items, stories, leases, meta. */
export const id = 1;
export const sql = `
  CREATE TABLE sources (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    current_url TEXT,
    etag TEXT,
    last_modified TEXT,
    last_fetch_at TEXT,
    last_success_at TEXT,
    last_status INTEGER,
    last_error_code TEXT,
    last_error TEXT,
    error_count INTEGER NOT NULL DEFAULT 0,
    next_fetch_at TEXT,
    feed_title TEXT,
    feed_link TEXT,
    disabled_reason TEXT
  );
  CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    canonical_item_id TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE items (
    id TEXT PRIMARY KEY,
    source_id TEXT NOT NULL,
    identity TEXT NOT NULL,
    guid TEXT,
    url TEXT,
    title TEXT NOT NULL,
    summary TEXT,
    content_html TEXT,
    content_text TEXT NOT NULL,
    author TEXT,
    published TEXT,
    updated TEXT,
    language TEXT,
    dateline TEXT,
    categories TEXT NOT NULL DEFAULT '[]',
    enclosures TEXT NOT NULL DEFAULT '[]',
    content_hash TEXT NOT NULL,
    revision TEXT NOT NULL,
    story_id TEXT NOT NULL REFERENCES stories(id),
    fetched_at TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    sort_date TEXT NOT NULL,
    raw TEXT,
    UNIQUE (source_id, identity)
  );
  CREATE INDEX items_story ON items(story_id);
  CREATE INDEX items_content_hash ON items(content_hash);
  CREATE INDEX items_sort_date ON items(sort_date DESC);
  CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  INSERT INTO meta (key, value) VALUES ('generation', '0');
  `;
