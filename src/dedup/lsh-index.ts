/**
 * The in-memory LSH index of the active window: band keys in flat typed arrays (a chained hash
 * table), so a lookup costs the same with 10k or 1M items stored. Items older than the window
 * are evicted; the arrays are compacted when more than half of them is dead. It holds items
 * placed after the one being placed too: a lookup bounded by a placement key reads only the items
 * before it, and `laterWith` finds the items after a key that share a band key.
 */
import { BANDS } from './minhash.js';
import type { OrderKey } from './story-port.js';

export interface IndexedItem {
  itemId: string;
  storyId: string;
  /** Sort date, epoch seconds. */
  at: number;
  /** Sort date (ISO): with the item id, its placement key (default: `at` as ISO). */
  sortDate?: string;
  bandKeys: Uint32Array;
}

/** A bucket shared by this many items says nothing (empty or boilerplate-only texts): a lookup counts at most this many. */
const MAX_CHAIN_WALK = 512;
/** Beyond every placement key. */
const NO_BOUND: OrderKey = { sortDate: '\uffff', id: '' };

export class LshIndex {
  private heads = new Int32Array(1 << 12).fill(-1);
  private keys = new Uint32Array(1 << 12);
  private next = new Int32Array(1 << 12);
  private owner = new Int32Array(1 << 12);
  private entries = 0;
  private itemIds: string[] = [];
  private storyIds: string[] = [];
  private ats: number[] = [];
  private sortDates: string[] = [];
  private alive: boolean[] = [];
  private bandKeysOf: Uint32Array[] = [];
  private ordinal = new Map<string, number>();
  private dead = 0;
  private oldestAt = Number.POSITIVE_INFINITY;

  get size(): number {
    return this.ordinal.size;
  }

  /** Adds an item, replacing its previous entry (an update, or a recluster). */
  add(item: IndexedItem): void {
    this.remove(item.itemId);
    const n = this.itemIds.length;
    this.itemIds.push(item.itemId);
    this.storyIds.push(item.storyId);
    this.ats.push(item.at);
    this.sortDates.push(item.sortDate ?? new Date(item.at * 1000).toISOString());
    this.alive.push(true);
    this.bandKeysOf.push(item.bandKeys);
    this.ordinal.set(item.itemId, n);
    this.oldestAt = Math.min(this.oldestAt, item.at);
    this.ensureCapacity(this.entries + BANDS);
    for (let b = 0; b < BANDS; b++) this.link(item.bandKeys[b] ?? 0, n);
  }

  remove(itemId: string): void {
    const n = this.ordinal.get(itemId);
    if (n === undefined) return;
    this.alive[n] = false;
    this.ordinal.delete(itemId);
    this.dead++;
  }

  /**
   * Stories of items sharing a band with these keys, dated within [from, to] and placed before
   * `before`, with their hit counts (at most MAX_CHAIN_WALK items counted per band).
   */
  query(bandKeys: Uint32Array, from: number, to: number, before: OrderKey = NO_BOUND): Map<string, number> {
    const hits = new Map<string, number>();
    const mask = this.heads.length - 1;
    for (let b = 0; b < BANDS; b++) {
      const key = bandKeys[b] ?? 0;
      let counted = 0;
      for (let e = this.heads[key & mask] ?? -1; e !== -1 && counted < MAX_CHAIN_WALK; e = this.next[e] ?? -1) {
        if (this.keys[e] !== key) continue;
        const n = this.owner[e] ?? 0;
        const at = this.ats[n] ?? 0;
        if (!this.alive[n] || at < from || at > to || !this.isBefore(n, before)) continue;
        counted++;
        const story = this.storyIds[n] ?? '';
        hits.set(story, (hits.get(story) ?? 0) + 1);
      }
    }
    return hits;
  }

  /** Items after `after` with this band key. */
  laterWith(key: number, after: OrderKey): OrderKey[] {
    const out: OrderKey[] = [];
    for (let e = this.heads[key & (this.heads.length - 1)] ?? -1; e !== -1; e = this.next[e] ?? -1) {
      const n = this.owner[e] ?? 0;
      if (this.keys[e] !== key || !this.alive[n] || this.isBefore(n, after) || this.itemIds[n] === after.id) continue;
      out.push({ id: this.itemIds[n] ?? '', sortDate: this.sortDates[n] ?? '' });
    }
    return out;
  }

  /** Whether entry n's item comes before the key in placement order (code units, as SQLite's BINARY). */
  private isBefore(n: number, key: OrderKey): boolean {
    const sortDate = this.sortDates[n] ?? '';
    return sortDate < key.sortDate || (sortDate === key.sortDate && (this.itemIds[n] ?? '') < key.id);
  }

  /**
   * Forgets items dated before `at` (give or take `slackSeconds`: the scan runs only once the
   * oldest item is that far behind, not on every call), and compacts when most entries are dead.
   */
  evictBefore(at: number, slackSeconds = 0): void {
    if (at - this.oldestAt <= slackSeconds) return;
    let oldest = Number.POSITIVE_INFINITY;
    for (const [itemId, n] of this.ordinal) {
      const itemAt = this.ats[n] ?? 0;
      if (itemAt < at) this.remove(itemId);
      else oldest = Math.min(oldest, itemAt);
    }
    this.oldestAt = oldest;
    if (this.dead > 1024 && this.dead > this.ordinal.size) this.compact();
  }

  /** Bytes held by the typed arrays (the bulk of the index). */
  typedBytes(): number {
    return this.heads.byteLength + this.keys.byteLength + this.next.byteLength + this.owner.byteLength + this.size * BANDS * 4;
  }

  private link(key: number, n: number): void {
    const slot = key & (this.heads.length - 1);
    const e = this.entries++;
    this.keys[e] = key;
    this.owner[e] = n;
    this.next[e] = this.heads[slot] ?? -1;
    this.heads[slot] = e;
  }

  private ensureCapacity(entries: number): void {
    if (entries <= this.keys.length) return;
    let size = this.keys.length;
    while (size < entries) size *= 2;
    this.keys = grow(this.keys, size);
    this.next = grow(this.next, size);
    this.owner = grow(this.owner, size);
    // Keep the table at most full (a lookup counts only its own key's entries, so collisions cost a step, never a result).
    this.heads = new Int32Array(size).fill(-1);
    const mask = this.heads.length - 1;
    for (let e = 0; e < this.entries; e++) {
      const slot = (this.keys[e] ?? 0) & mask;
      this.next[e] = this.heads[slot] ?? -1;
      this.heads[slot] = e;
    }
  }

  private compact(): void {
    const live = [...this.ordinal.values()].sort((a, b) => a - b).map((n) => ({
      itemId: this.itemIds[n] ?? '', storyId: this.storyIds[n] ?? '', at: this.ats[n] ?? 0, sortDate: this.sortDates[n] ?? '', bandKeys: this.bandKeysOf[n] ?? new Uint32Array(BANDS),
    }));
    this.heads = new Int32Array(1 << 12).fill(-1);
    this.keys = new Uint32Array(1 << 12);
    this.next = new Int32Array(1 << 12);
    this.owner = new Int32Array(1 << 12);
    this.entries = 0;
    this.itemIds = [];
    this.storyIds = [];
    this.ats = [];
    this.sortDates = [];
    this.alive = [];
    this.bandKeysOf = [];
    this.ordinal.clear();
    this.dead = 0;
    for (const item of live) this.add(item);
  }
}

function grow<T extends Uint32Array | Int32Array>(array: T, size: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(size);
  bigger.set(array);
  return bigger;
}
