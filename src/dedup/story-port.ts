/**
 * The narrow port through which the story lifecycle reaches its store: items in placement order,
 * the index rows items placed so far have written, and the stories they belong to. Every read is
 * "as of" the item being placed: rows exist only for items placed before it, and item queries
 * take the placement key as an upper bound, so online ingest and `recluster` read the same state.
 */

/** Placement order: sort date (published, else fetched), then item id. */
export interface OrderKey {
  sortDate: string;
  id: string;
}

export interface PlacedItem extends OrderKey {
  sourceId: string;
  title: string;
  contentText: string;
  contentHash: string;
  published: string | null;
  fetchedAt: string;
  /** The story the item is stored under now (before it is placed again). */
  storyId: string;
}

export type JoinedVia = 'new' | 'exact' | 'near' | 'teaser' | 'headline';

export interface VersionRecord {
  itemId: string;
  storyId: string;
  via: JoinedVia;
  /** The canonical item it was compared with when it joined (null for a new story). */
  comparedItemId: string | null;
  jaccard: number | null;
  containment: number | null;
  /** Keys of the lines dropped as this source's chrome when it was placed. */
  chrome: number[];
}

export interface IndexRows {
  itemId: string;
  storyId: string;
  sourceId: string;
  /** Sort date, epoch seconds. */
  at: number;
  bandKeys: Uint32Array | null;
  /** Sentence hashes by position; position -1 is the headline. */
  sentences: Array<{ hash: number; position: number }>;
  lineKeys: number[];
}

export interface SignatureRow {
  itemId: string;
  storyId: string;
  at: number;
  bandKeys: Uint32Array;
}

export interface RankedRow {
  id: string;
  sourceId: string;
  published: string | null;
  fetchedAt: string;
  length: number;
}

export interface StoryIndexPort {
  /** Items at or after `from` (all when null) in placement order, at most `limit`. */
  itemsFrom(from: OrderKey | null, limit: number): PlacedItem[];
  /** Items dated in [sinceIso, before) in placement order (to rebuild pruned index rows). */
  itemsBefore(sinceIso: string, before: OrderKey): PlacedItem[];
  item(id: string): PlacedItem | null;
  /** Story of the first item before `before`, dated since `sinceIso`, from another source, with this hash. */
  exactStory(contentHash: string, sourceId: string, sinceIso: string, before: OrderKey): string | null;
  /** The versions of a story placed before `before` (to pick its canonical as of then). */
  versionsBefore(storyId: string, before: OrderKey): RankedRow[];
  /** Every version of a story, for its canonical item once placing is done. */
  versionsOf(storyId: string): RankedRow[];
  /** Moves an item to a story (created when new). */
  setStory(itemId: string, storyId: string, now: string): void;
  setCanonical(storyId: string, itemId: string, now: string): void;
  deleteStoryIfEmpty(storyId: string): void;
  deleteEmptyStories(): number;
  /** Rewrites an item's exact-layer hash (`recluster` after the text rules changed). */
  setContentHash(itemId: string, contentHash: string): void;

  putRows(rows: IndexRows): void;
  /** The index rows an item wrote when it was last placed. */
  rowsOf(itemId: string): Pick<IndexRows, 'bandKeys' | 'sentences' | 'lineKeys'>;
  /** Deletes the index rows of items at or after `from` (all when null); returns their item ids. */
  deleteRowsFrom(from: OrderKey | null): string[];
  signaturesSince(at: number): SignatureRow[];
  /** Distinct stories carrying this sentence (or headline) hash, dated in [from, to], at most `limit`. */
  sentenceStories(hash: number, from: number, to: number, limit: number): string[];
  /** Distinct stories under which this source printed this line, dated in [from, to], counted up to `limit`. */
  lineStories(sourceId: string, lineKey: number, from: number, to: number, limit: number): number;
  pruneRowsBefore(at: number): void;

  putVersion(version: VersionRecord): void;
  version(itemId: string): VersionRecord | null;

  generation(): number;
  bumpGeneration(): number;
  prunedBefore(): number;
  setPrunedBefore(at: number): void;
}
