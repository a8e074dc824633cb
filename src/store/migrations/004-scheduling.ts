/**
 * 4: politeness and operations. Host pauses (429/503 Retry-After), a source disabled by 410 until
 * its config changes, the interval chosen at the last success, and indexes the dashboard and
 * retention read by.
 */
export const id = 4;
export const sql = `
  CREATE TABLE host_pauses (
    host TEXT PRIMARY KEY,
    until TEXT NOT NULL,
    reason TEXT NOT NULL,
    set_at TEXT NOT NULL
  );
  ALTER TABLE sources ADD COLUMN disabled_at TEXT;
  ALTER TABLE sources ADD COLUMN disabled_config TEXT;
  ALTER TABLE sources ADD COLUMN interval_s INTEGER;
  ALTER TABLE sources ADD COLUMN interval_reason TEXT;
  CREATE INDEX items_source_sort ON items(source_id, sort_date DESC);
  CREATE INDEX items_fetched_at ON items(fetched_at);
  `;
