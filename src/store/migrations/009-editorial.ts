/** 9: wire items' editorial metadata (NewsML-G2, NITF) and the wire events log (kills, rejected items). */
export const id = 9;
export const sql = `
  ALTER TABLE items ADD COLUMN editorial TEXT;
  ALTER TABLE items ADD COLUMN embargo_until TEXT;
  ALTER TABLE items ADD COLUMN killed_at TEXT;
  CREATE INDEX items_embargo_until ON items(embargo_until) WHERE embargo_until IS NOT NULL;
  CREATE INDEX items_killed_at ON items(killed_at) WHERE killed_at IS NOT NULL;
  CREATE TABLE wire_events (
    source_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    ref TEXT NOT NULL,
    item_id TEXT,
    title TEXT,
    message TEXT NOT NULL,
    first_at TEXT NOT NULL,
    last_at TEXT NOT NULL,
    PRIMARY KEY (source_id, kind, ref)
  );
  CREATE INDEX wire_events_last_at ON wire_events(last_at);
  `;
