/**
 * 15: story_versions loses story_versions_story (migration 7). No SQLite query reads versions by
 * story (a story's versions come from items.story_id); the index cost a random-order write per
 * placed item and ~40 pages rewritten by every commit of a cold fill. Tables are unchanged.
 */
export const id = 15;
export const sql = `
  DROP INDEX IF EXISTS story_versions_story;
  `;
