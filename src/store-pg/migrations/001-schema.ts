/**
 * 1: the SQLite schema as it stands after SQLite migrations 001–011, in PostgreSQL types. Same
 * table and column names and column order; times SQLite keeps as ISO text stay ISO text (so both
 * backends return identical bytes), unix times and 64-bit keys are bigint, BLOBs bytea. FTS5's
 * items_fts has no counterpart here: items.search (migration 2) replaces it.
 */
export const id = 1;
export const sql = `
  CREATE TABLE sources (
    id text PRIMARY KEY,
    url text NOT NULL,
    current_url text,
    etag text,
    last_modified text,
    last_fetch_at text,
    last_success_at text,
    last_status integer,
    last_error_code text,
    last_error text,
    error_count integer NOT NULL DEFAULT 0,
    next_fetch_at text,
    feed_title text,
    feed_link text,
    disabled_reason text,
    disabled_at text,
    disabled_config text,
    interval_s integer,
    interval_reason text,
    last_skipped text
  );
  CREATE TABLE stories (
    id text PRIMARY KEY,
    canonical_item_id text,
    created_at text NOT NULL,
    updated_at text NOT NULL
  );
  CREATE TABLE items (
    id text PRIMARY KEY,
    source_id text NOT NULL,
    identity text NOT NULL,
    guid text,
    url text,
    title text NOT NULL,
    summary text,
    content_html text,
    content_text text NOT NULL,
    author text,
    published text,
    updated text,
    language text,
    dateline text,
    categories text NOT NULL DEFAULT '[]',
    enclosures text NOT NULL DEFAULT '[]',
    content_hash text NOT NULL,
    revision text NOT NULL,
    story_id text NOT NULL REFERENCES stories(id),
    fetched_at text NOT NULL,
    changed_at text NOT NULL,
    sort_date text NOT NULL,
    raw text,
    date_source text,
    editorial text,
    embargo_until text,
    killed_at text,
    UNIQUE (source_id, identity)
  );
  CREATE INDEX items_story ON items(story_id);
  CREATE INDEX items_content_hash ON items(content_hash);
  CREATE INDEX items_sort_date ON items(sort_date DESC);
  CREATE INDEX items_source_sort ON items(source_id, sort_date DESC);
  CREATE INDEX items_fetched_at ON items(fetched_at);
  CREATE INDEX items_embargo_until ON items(embargo_until) WHERE embargo_until IS NOT NULL;
  CREATE INDEX items_killed_at ON items(killed_at) WHERE killed_at IS NOT NULL;
  CREATE TABLE leases (
    name text PRIMARY KEY,
    holder text NOT NULL,
    expires_at bigint NOT NULL
  );
  CREATE TABLE meta (
    key text PRIMARY KEY,
    value text NOT NULL
  );
  INSERT INTO meta (key, value) VALUES ('generation', '0');
  CREATE TABLE story_signatures (
    seq bigserial PRIMARY KEY,
    item_id text NOT NULL UNIQUE,
    story_id text NOT NULL,
    at bigint NOT NULL,
    band_keys bytea
  );
  CREATE INDEX story_signatures_at ON story_signatures(at);
  CREATE TABLE story_sentences (
    hash bigint NOT NULL,
    item_id text NOT NULL,
    story_id text NOT NULL,
    position integer NOT NULL,
    at bigint NOT NULL
  );
  CREATE INDEX story_sentences_hash ON story_sentences(hash, story_id);
  CREATE INDEX story_sentences_item ON story_sentences(item_id);
  CREATE INDEX story_sentences_at ON story_sentences(at);
  CREATE INDEX story_sentences_hash_at ON story_sentences(hash, at);
  CREATE TABLE host_pauses (
    host text PRIMARY KEY,
    until text NOT NULL,
    reason text NOT NULL,
    set_at text NOT NULL
  );
  CREATE TABLE pages (
    url text PRIMARY KEY,
    etag text,
    last_modified text,
    fetched_at text NOT NULL,
    content_hash text NOT NULL,
    item_key text,
    extracted text NOT NULL
  );
  CREATE INDEX pages_fetched_at ON pages(fetched_at);
  CREATE TABLE tombstones (
    source_id text NOT NULL,
    key bigint NOT NULL,
    content bigint NOT NULL,
    pruned_at bigint NOT NULL,
    seen_at bigint,
    PRIMARY KEY (source_id, key)
  );
  CREATE TABLE source_reads (
    source_id text PRIMARY KEY,
    read_at bigint NOT NULL,
    too_old integer NOT NULL DEFAULT 0
  );
  CREATE TABLE story_lines (
    source_id text NOT NULL,
    line_key bigint NOT NULL,
    item_id text NOT NULL,
    story_id text NOT NULL,
    at bigint NOT NULL
  );
  CREATE INDEX story_lines_key ON story_lines(source_id, line_key, at);
  CREATE INDEX story_lines_item ON story_lines(item_id);
  CREATE INDEX story_lines_at ON story_lines(at);
  CREATE TABLE story_versions (
    item_id text PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
    story_id text NOT NULL,
    via text NOT NULL,
    compared_item_id text,
    jaccard double precision,
    containment double precision,
    chrome text NOT NULL DEFAULT '[]'
  );
  CREATE INDEX story_versions_story ON story_versions(story_id);
  CREATE TABLE story_index_state (
    key text PRIMARY KEY,
    value bigint NOT NULL
  );
  INSERT INTO story_index_state (key, value) VALUES ('generation', 0), ('pruned_before', 0);
  CREATE TABLE wire_events (
    source_id text NOT NULL,
    kind text NOT NULL,
    ref text NOT NULL,
    item_id text,
    title text,
    message text NOT NULL,
    first_at text NOT NULL,
    last_at text NOT NULL,
    PRIMARY KEY (source_id, kind, ref)
  );
  CREATE INDEX wire_events_last_at ON wire_events(last_at);
  CREATE TABLE feed_tokens (
    name text PRIMARY KEY,
    hash text NOT NULL UNIQUE,
    feeds text NOT NULL,
    created_at text NOT NULL,
    last_used_at text,
    requests integer NOT NULL DEFAULT 0,
    revoked_at text
  );
  CREATE TABLE alert_outbox (
    seq bigserial PRIMARY KEY,
    story_id text NOT NULL,
    created_at text NOT NULL
  );
  CREATE TABLE webhook_deliveries (
    key text PRIMARY KEY,
    feed_id text NOT NULL,
    url text NOT NULL,
    story_id text NOT NULL,
    body text NOT NULL,
    status text NOT NULL DEFAULT 'pending',
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at text NOT NULL,
    last_error text,
    created_at text NOT NULL,
    delivered_at text
  );
  CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at);
  `;
