/** Reads a story's versions and placement records from the store and explains them (dedup/explain-story.ts). */
import { explainStory, type StoryExplanation } from '../dedup/explain-story.js';
import type { VersionRecord } from '../dedup/story-port.js';
import type { Store } from '../store/open-store.js';
import type { PgQueryable } from '../store-pg/connection.js';
import { readStoriesByIds } from '../store-pg/story-reads.js';

export function explainStoredStory(store: Store, storyId: string, priorityOf: (sourceId: string) => number): StoryExplanation | null {
  const versions = store.items.byStory(storyId);
  if (versions.length === 0) return null;
  const records = new Map<string, VersionRecord>();
  for (const v of versions) {
    const record = store.storyIndex.version(v.id);
    if (record) records.set(v.id, record);
  }
  return explainStory(storyId, versions, records, priorityOf);
}

/** The same explanation from PostgreSQL. */
export async function explainPgStory(db: PgQueryable, storyId: string, priorityOf: (sourceId: string) => number): Promise<StoryExplanation | null> {
  const [story] = await readStoriesByIds(db, [storyId]);
  return story === undefined || story.versions.length === 0 ? null : explainStory(storyId, story.versions, story.records, priorityOf);
}
