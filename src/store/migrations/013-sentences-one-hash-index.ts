/**
 * 13: story_sentences keeps one index on its hash. Its lookup (a hash's stories within the window,
 * sentences-table.ts) reads story_sentences_hash_at (migration 7); story_sentences_hash (hash,
 * story_id) served no query and cost a random-order index write per sentence of every placed item.
 * Dropping it also leaves the lookup one plan, so a hash's stories come in one order (by date, then
 * insertion) whatever statistics `PRAGMA optimize` gathered. Tables are unchanged.
 */
export const id = 13;
export const sql = `
  DROP INDEX IF EXISTS story_sentences_hash;
  `;
