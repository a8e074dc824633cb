/**
 * 12: the full-text index is filled once per transaction, not by a trigger per row. FTS5 flushes
 * its pending terms at every statement journal, so a trigger wrote one tiny segment per item
 * (12-17% of a cold ingest's CPU). New and changed items are indexed by search-index.ts in one
 * statement when the writer's transaction ends (inside it: a crash stores both or neither). The
 * delete trigger stays (retention deletes in bulk statements). Tables are unchanged.
 */
export const id = 12;
export const sql = `
  DROP TRIGGER IF EXISTS items_fts_insert;
  DROP TRIGGER IF EXISTS items_fts_update;
  `;
