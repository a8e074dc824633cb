/** Small key/value facts about the store, such as the change generation the render cache watches. */
import type Database from 'better-sqlite3';

export interface MetaTable {
  /** A counter bumped by every refresh that changed items; readers compare it to re-render. */
  generation(): number;
  bumpGeneration(): void;
}

export function createMetaTable(db: Database.Database): MetaTable {
  const read = db.prepare<[], { value: string }>(`SELECT value FROM meta WHERE key = 'generation'`);
  const bump = db.prepare(`UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'`);
  return {
    generation: () => Number(read.get()?.value ?? 0),
    bumpGeneration: () => void bump.run(),
  };
}
