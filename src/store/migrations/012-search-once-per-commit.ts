/**
 * 12: new items are indexed once per transaction, not by a trigger per row. FTS5 flushes its
 * pending terms at every statement journal, so the insert trigger wrote one tiny segment per item
 * (12-17% of a cold ingest's CPU). search-index.ts indexes the items a transaction inserted in one
 * statement when it ends (inside it: a crash stores both or neither). The update trigger (it fires
 * only when the title or text changed, rare) and the delete trigger stay. Tables are unchanged.
 */
export const id = 12;
export const sql = `
  DROP TRIGGER IF EXISTS items_fts_insert;
  `;
