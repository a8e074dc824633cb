/**
 * The story index port held in memory: a backend hydrates it with the part of its store a
 * placement can read (the items from the active window on and every version of the stories they
 * reach, the index rows, versions and state), the lifecycle places synchronously on it exactly as
 * on SQLite, and the backend writes back what it recorded (`changes()`) in one transaction.
 */
import { MemoryStoryRows, type ItemRows } from './memory-story-rows.js';
import type { IndexRows, OrderKey, PlacedItem, RankedRow, StoryIndexPort, VersionRecord } from './story-port.js';

export interface StoryIndexSnapshot {
  /** Items in any order; the port orders them (sort date, then id, by code unit like SQLite's BINARY). */
  items: PlacedItem[];
  /** Index rows by item, sentences in the order they were stored. */
  rows: Array<{ itemId: string } & ItemRows>;
  versions: VersionRecord[];
  generation: number;
  prunedBefore: number;
}

/** What placing changed, for the backend to write back. */
export interface StoryIndexChanges {
  /** Stories an item moved to, with when they were first made (created when missing). */
  createdStories: Map<string, string>;
  /** Final story of every item that moved. */
  moves: Map<string, string>;
  canonicals: Map<string, { itemId: string; now: string }>;
  /** Stories to delete when no item is left in them. */
  maybeEmpty: Set<string>;
  deleteEmptyStories: boolean;
  contentHashes: Map<string, string>;
  /** Items whose index rows were rewritten or dropped: write their current rows (`rowsAfter`) in place of the stored ones. */
  rowsTouched: Set<string>;
  /** Every index row was dropped before placing (recluster). */
  rowsCleared: boolean;
  /** Rows dated before this go (the greatest prune), or null. */
  prunedRowsBefore: number | null;
  versions: Set<string>;
  generation: number;
  prunedBefore: number;
}

export class MemoryStoryIndex implements StoryIndexPort {
  private readonly items = new Map<string, PlacedItem>();
  private order: string[] = [];
  private readonly members = new Map<string, Set<string>>();
  private readonly byHash = new Map<string, Set<string>>();
  private readonly rows = new MemoryStoryRows();
  private readonly versions = new Map<string, VersionRecord>();
  private state: { generation: number; prunedBefore: number };
  private log: StoryIndexChanges;

  constructor(snapshot: StoryIndexSnapshot = { items: [], rows: [], versions: [], generation: 0, prunedBefore: 0 }) {
    for (const item of snapshot.items) this.index(item);
    this.order = [...this.items.values()].sort(compareKeys).map((i) => i.id);
    for (const row of snapshot.rows) this.rows.put(row.itemId, { ...row, sortDate: row.sortDate ?? this.items.get(row.itemId)?.sortDate ?? isoOf(row.at) });
    for (const v of snapshot.versions) this.versions.set(v.itemId, { ...v, chrome: [...v.chrome] });
    this.state = { generation: snapshot.generation, prunedBefore: snapshot.prunedBefore };
    this.log = emptyChanges(this.state);
  }

  /** Adds an item as a commit stores it (in its own story until placed), outside the change log. */
  addItem(item: PlacedItem): void {
    const old = this.items.get(item.id);
    if (old) {
      this.unindex(old);
      this.order.splice(lowerBound(this.order, old, this.items), 1);
    }
    this.order.splice(lowerBound(this.order, item, this.items), 0, item.id);
    this.index(item);
  }

  /** What placing recorded since the port was made (or since the last `resetChanges`). */
  changes(): StoryIndexChanges {
    return { ...this.log, generation: this.state.generation, prunedBefore: this.state.prunedBefore };
  }

  resetChanges(): void {
    this.log = emptyChanges(this.state);
  }

  /** An item's current index rows (null when it has none): what write-back stores for a touched item. */
  rowsAfter(itemId: string): ItemRows | null {
    const item = this.items.get(itemId);
    return this.rows.of(itemId, item?.sourceId ?? '');
  }

  /** The items whose rows write-back stores, in the order their sentences were stored (SQLite's rowid order). */
  touchedRows(): Array<{ itemId: string } & ItemRows> {
    return [...this.log.rowsTouched].map((itemId) => ({ itemId, rows: this.rowsAfter(itemId), order: this.rows.sentenceOrder(itemId) }))
      .filter((t) => t.rows !== null).sort((a, b) => a.order - b.order).map((t) => ({ itemId: t.itemId, ...t.rows! }));
  }

  itemsFrom(from: OrderKey | null, limit: number): PlacedItem[] {
    const start = from ? lowerBound(this.order, from, this.items) : 0;
    return this.order.slice(start, start + limit).map((id) => ({ ...this.items.get(id)! }));
  }

  itemsBefore(sinceIso: string, before: OrderKey): PlacedItem[] {
    const end = lowerBound(this.order, before, this.items);
    return this.order.slice(0, end).map((id) => this.items.get(id)!).filter((i) => i.sortDate >= sinceIso).map((i) => ({ ...i }));
  }

  item(id: string): PlacedItem | null {
    const item = this.items.get(id);
    return item ? { ...item } : null;
  }

  exactStory(contentHash: string, sourceId: string, sinceIso: string, before: OrderKey): string | null {
    let best: PlacedItem | null = null;
    for (const id of this.byHash.get(contentHash) ?? []) {
      const item = this.items.get(id)!;
      if (item.sourceId === sourceId || item.sortDate < sinceIso || compareKeys(item, before) >= 0) continue;
      if (!best || compareKeys(item, best) < 0) best = item;
    }
    return best?.storyId ?? null;
  }

  versionsBefore(storyId: string, before: OrderKey): RankedRow[] {
    return this.ranked(storyId).filter((r) => compareKeys(this.items.get(r.id)!, before) < 0);
  }

  versionsOf(storyId: string): RankedRow[] {
    return this.ranked(storyId);
  }

  setStory(itemId: string, storyId: string, now: string): void {
    const item = this.items.get(itemId);
    if (!item) return;
    if (!this.members.has(storyId) && !this.log.createdStories.has(storyId)) this.log.createdStories.set(storyId, now);
    this.unindex(item);
    this.index({ ...item, storyId });
    this.log.moves.set(itemId, storyId);
  }

  setCanonical(storyId: string, itemId: string, now: string): void {
    this.log.canonicals.set(storyId, { itemId, now });
  }

  deleteStoryIfEmpty(storyId: string): void {
    if (!this.members.has(storyId)) this.log.maybeEmpty.add(storyId);
  }

  deleteEmptyStories(): number {
    this.log.deleteEmptyStories = true;
    return 0;
  }

  setContentHash(itemId: string, contentHash: string): void {
    const item = this.items.get(itemId);
    if (!item) return;
    this.unindex(item);
    this.index({ ...item, contentHash });
    this.log.contentHashes.set(itemId, contentHash);
  }

  putRows(rows: IndexRows): void {
    this.rows.put(rows.itemId, rows);
    this.log.rowsTouched.add(rows.itemId);
  }

  rowsOf(itemId: string): Pick<IndexRows, 'bandKeys' | 'sentences' | 'lineKeys'> {
    const rows = this.rows.of(itemId, '');
    return { bandKeys: rows?.bandKeys ?? null, sentences: rows?.sentences ?? [], lineKeys: rows?.lineKeys ?? [] };
  }

  deleteRowsFrom(from: OrderKey | null): string[] {
    if (!from) {
      for (const id of this.rows.itemIds()) this.rows.deleteItem(id);
      this.log.rowsCleared = true;
      this.log.rowsTouched.clear();
      return [...this.order];
    }
    const ids = this.order.slice(lowerBound(this.order, from, this.items));
    this.deleteRowsOf(ids);
    return ids;
  }

  deleteRowsOf(itemIds: string[]): void {
    for (const id of itemIds) {
      this.rows.deleteItem(id);
      this.log.rowsTouched.add(id);
    }
  }

  laterWithSentence(hash: number, after: OrderKey): OrderKey[] {
    return this.rows.laterWithSentence(hash, after);
  }

  laterWithLine(sourceId: string, lineKey: number, after: OrderKey): OrderKey[] {
    return this.rows.laterWithLine(sourceId, lineKey, after);
  }

  laterWithHash(contentHash: string, after: OrderKey): OrderKey[] {
    return [...(this.byHash.get(contentHash) ?? [])].map((id) => this.items.get(id)!).filter((i) => compareKeys(i, after) > 0)
      .map((i) => ({ id: i.id, sortDate: i.sortDate }));
  }

  nextAfter(after: OrderKey): OrderKey | null {
    let i = lowerBound(this.order, after, this.items);
    if (this.order[i] === after.id) i++;
    const item = i < this.order.length ? this.items.get(this.order[i]!) : undefined;
    return item ? { id: item.id, sortDate: item.sortDate } : null;
  }

  unplacedFrom(from: OrderKey): OrderKey[] {
    return this.order.slice(lowerBound(this.order, from, this.items)).filter((id) => !this.versions.has(id))
      .map((id) => ({ id, sortDate: this.items.get(id)!.sortDate }));
  }

  signaturesSince(at: number) {
    return this.rows.signaturesSince(at);
  }

  sentenceStories(hash: number, from: number, to: number, limit: number, before?: OrderKey): string[] {
    return this.rows.sentenceStories(hash, from, to, limit, before);
  }

  lineStories(sourceId: string, lineKey: number, from: number, to: number, limit: number, before?: OrderKey): number {
    return this.rows.lineStories(sourceId, lineKey, from, to, limit, before);
  }

  pruneRowsBefore(at: number): void {
    this.rows.deleteOlderThan(at);
    this.log.prunedRowsBefore = Math.max(this.log.prunedRowsBefore ?? -Infinity, Math.floor(at));
  }

  putVersion(version: VersionRecord): void {
    this.versions.set(version.itemId, { ...version, chrome: [...version.chrome] });
    this.log.versions.add(version.itemId);
  }

  version(itemId: string): VersionRecord | null {
    const v = this.versions.get(itemId);
    return v ? { ...v, chrome: [...v.chrome] } : null;
  }

  generation(): number {
    return this.state.generation;
  }

  bumpGeneration(): number {
    return ++this.state.generation;
  }

  prunedBefore(): number {
    return this.state.prunedBefore;
  }

  setPrunedBefore(at: number): void {
    this.state.prunedBefore = Math.floor(at);
  }

  private ranked(storyId: string): RankedRow[] {
    return [...(this.members.get(storyId) ?? [])].map((id) => this.items.get(id)!).map((i) => ({
      id: i.id, sortDate: i.sortDate, sourceId: i.sourceId, published: i.published, fetchedAt: i.fetchedAt, length: characters(i.contentText) }));
  }

  private index(item: PlacedItem): void {
    this.items.set(item.id, item);
    addTo(this.members, item.storyId, item.id);
    addTo(this.byHash, item.contentHash, item.id);
  }

  private unindex(item: PlacedItem): void {
    removeFrom(this.members, item.storyId, item.id);
    removeFrom(this.byHash, item.contentHash, item.id);
  }
}

function emptyChanges(state: { generation: number; prunedBefore: number }): StoryIndexChanges {
  return { createdStories: new Map(), moves: new Map(), canonicals: new Map(), maybeEmpty: new Set(), deleteEmptyStories: false,
    contentHashes: new Map(), rowsTouched: new Set(), rowsCleared: false, prunedRowsBefore: null, versions: new Set(), ...state };
}

/** Placement order, comparing code units as SQLite's BINARY collation compares ASCII dates and ids. */
export function compareKeys(a: OrderKey, b: OrderKey): number {
  if (a.sortDate !== b.sortDate) return a.sortDate < b.sortDate ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Index of the first id whose item is at or after `key`. */
function lowerBound(order: string[], key: OrderKey, items: Map<string, PlacedItem>): number {
  let [lo, hi] = [0, order.length];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys(items.get(order[mid]!)!, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A row's sort date from its epoch seconds, when a snapshot row's item is not hydrated (it is never after a hydrated key's bound then). */
function isoOf(at: number): string {
  return new Date(at * 1000).toISOString();
}

/** Characters as SQL's length() counts them (code points, not UTF-16 units). */
function characters(text: string): number {
  let pairs = 0;
  for (let i = 1; i < text.length; i++) if (isLow(text.charCodeAt(i)) && isHigh(text.charCodeAt(i - 1))) pairs++;
  return text.length - pairs;
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

function removeFrom(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  set?.delete(value);
  if (set?.size === 0) map.delete(key);
}
