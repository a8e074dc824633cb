/**
 * The narrow port through which the story lifecycle reaches its store: items in placement order,
 * the index rows placed items have written, and the stories they belong to. Every read a decision
 * makes is "as of" the item being placed: row and item queries take its placement key as an upper
 * bound (rows of later items stay stored), so online ingest and `recluster` read the same state.
 * The reverse lookups (`later…`) find the items after a key that share a feature, to place again.
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
  /** Sort date as stored (ISO): with the item id, the row's placement key. */
  sortDate: string;
  bandKeys: Uint32Array | null;
  /** Sentence hashes by position; position -1 is the headline. */
  sentences: Array<{ hash: number; position: number }>;
  lineKeys: number[];
}

export interface SignatureRow {
  itemId: string;
  storyId: string;
  at: number;
  sortDate: string;
  bandKeys: Uint32Array;
}

export interface RankedRow {
  id: string;
  sortDate: string;
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
  /** Deletes the index rows of these items. */
  deleteRowsOf(itemIds: string[]): void;
  signaturesSince(at: number): SignatureRow[];
  /**
   * Distinct stories carrying this sentence (or headline) hash, dated in [from, to] and placed
   * before `before` (every row when absent), first seen in placement order, at most `limit`.
   */
  sentenceStories(hash: number, from: number, to: number, limit: number, before?: OrderKey): string[];
  /** Distinct stories under which this source printed this line, dated in [from, to], placed before `before`, counted up to `limit`. */
  lineStories(sourceId: string, lineKey: number, from: number, to: number, limit: number, before?: OrderKey): number;
  /** Items after `after` whose rows carry this sentence (or headline) hash. */
  laterWithSentence(hash: number, after: OrderKey): OrderKey[];
  /** Items of this source after `after` whose rows carry this line. */
  laterWithLine(sourceId: string, lineKey: number, after: OrderKey): OrderKey[];
  /** Items after `after` with this exact-layer hash. */
  laterWithHash(contentHash: string, after: OrderKey): OrderKey[];
  /** The first item after `after` in placement order. */
  nextAfter(after: OrderKey): OrderKey | null;
  /** Items at or after `from` with no version (never placed): a pass places them whatever changed. */
  unplacedFrom(from: OrderKey): OrderKey[];
  pruneRowsBefore(at: number): void;

  putVersion(version: VersionRecord): void;
  version(itemId: string): VersionRecord | null;

  generation(): number;
  bumpGeneration(): number;
  prunedBefore(): number;
  setPrunedBefore(at: number): void;
}
