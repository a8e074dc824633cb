/**
 * What a curated feed reads from the store, and nothing more: the read port `curate` owns. Each
 * call is one query (or a few), never one per item or story, so a feed costs the same number of
 * round trips on SQLite and on PostgreSQL. Implementations: src/store/curate-reads.ts (SQLite) and
 * src/store-pg/curate-reads.ts (PostgreSQL); test/store/curate-port.contract.ts holds both to it.
 */
import type { StoredItem } from '../store/items-table.js';

export interface CandidateRequest {
  /** Only these sources; empty means all. */
  sourceIds: string[];
  /** Only items whose sort date (published, else fetched) is at or after this ISO date. */
  since: string | null;
  limit: number;
  /** A full-text query (our query language, already validated); the index picks the candidates. */
  match?: string;
}

export interface SourceFacts {
  feedTitle: string | null;
  feedLink: string | null;
}

export interface CuratePort {
  /** Changes whenever stored items may have changed: readers compare it to re-select. */
  generation(): Promise<number>;
  /** Items newest first (sort date descending, then id), by the request's rules. */
  candidates(request: CandidateRequest): Promise<StoredItem[]>;
  /** Every stored version of each story, oldest first (sort date, then id). */
  versionsOf(storyIds: readonly string[]): Promise<Map<string, StoredItem[]>>;
  /** What the sources' own documents say about them (title, home link); absent ids were never fetched. */
  sourceFacts(sourceIds: readonly string[]): Promise<Map<string, SourceFacts>>;
  /** Items killed at or after `since`, newest kill first (only these sources; empty means all). */
  killedSince(sourceIds: readonly string[], since: string, limit: number): Promise<StoredItem[]>;
}
