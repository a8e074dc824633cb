/**
 * The story index rows (signatures, sentences, lines) held in memory, answering exactly as the
 * SQLite tables do: dates floored to seconds, ranges inclusive, bounded by a placement key, a
 * hash's stories in placement order (date in seconds, then sort date and item id), a source's
 * line counted over distinct stories.
 */
import type { OrderKey, SignatureRow } from './story-port.js';

interface SentenceRow { itemId: string; storyId: string; hash: number; position: number; at: number; sortDate: string; seq: number }
interface LineRow { itemId: string; storyId: string; sourceId: string; lineKey: number; at: number; sortDate: string }

export interface ItemRows {
  sourceId: string;
  storyId: string;
  at: number;
  /** The item's sort date (its placement key with the id); a backend's snapshot may leave it to the port. */
  sortDate?: string;
  bandKeys: Uint32Array | null;
  sentences: Array<{ hash: number; position: number }>;
  lineKeys: number[];
}

export class MemoryStoryRows {
  private readonly signatures = new Map<string, SignatureRow>();
  private readonly sentencesByItem = new Map<string, SentenceRow[]>();
  private readonly sentencesByHash = new Map<number, SentenceRow[]>();
  private readonly linesByItem = new Map<string, LineRow[]>();
  private readonly linesByKey = new Map<string, LineRow[]>();
  private seq = 0;

  /** Replaces an item's rows (what putRows does on SQLite: delete, then insert). */
  put(itemId: string, rows: ItemRows & { sortDate: string }): void {
    this.deleteItem(itemId);
    const at = Math.floor(rows.at);
    const sortDate = rows.sortDate;
    if (rows.bandKeys) this.signatures.set(itemId, { itemId, storyId: rows.storyId, at, sortDate, bandKeys: rows.bandKeys });
    const sentences = rows.sentences.map((s) => ({ itemId, storyId: rows.storyId, hash: s.hash, position: s.position, at, sortDate, seq: this.seq++ }));
    if (sentences.length > 0) this.sentencesByItem.set(itemId, sentences);
    for (const row of sentences) push(this.sentencesByHash, row.hash, row);
    const lines = [...new Set(rows.lineKeys)].map((lineKey) => ({ itemId, storyId: rows.storyId, sourceId: rows.sourceId, lineKey, at, sortDate }));
    if (lines.length > 0) this.linesByItem.set(itemId, lines);
    for (const row of lines) push(this.linesByKey, `${row.sourceId}\u0000${row.lineKey}`, row);
  }

  has(itemId: string): boolean {
    return this.signatures.has(itemId) || this.sentencesByItem.has(itemId) || this.linesByItem.has(itemId);
  }

  /** An item's rows as stored (null when it has none). */
  of(itemId: string, sourceId: string): ItemRows | null {
    if (!this.has(itemId)) return null;
    const signature = this.signatures.get(itemId);
    const sentences = this.sentencesByItem.get(itemId) ?? [];
    const lines = this.linesByItem.get(itemId) ?? [];
    const any = signature ?? sentences[0] ?? lines[0];
    return { sourceId, storyId: any?.storyId ?? '', at: any?.at ?? 0, sortDate: any?.sortDate ?? '', bandKeys: signature?.bandKeys ?? null,
      sentences: sentences.map((s) => ({ hash: s.hash, position: s.position })), lineKeys: lines.map((l) => l.lineKey) };
  }

  /** When an item's sentences were stored relative to the others' (-1 without sentences). */
  sentenceOrder(itemId: string): number {
    return this.sentencesByItem.get(itemId)?.[0]?.seq ?? -1;
  }

  deleteItem(itemId: string): void {
    this.signatures.delete(itemId);
    for (const row of this.sentencesByItem.get(itemId) ?? []) remove(this.sentencesByHash, row.hash, row);
    this.sentencesByItem.delete(itemId);
    for (const row of this.linesByItem.get(itemId) ?? []) remove(this.linesByKey, `${row.sourceId}\u0000${row.lineKey}`, row);
    this.linesByItem.delete(itemId);
  }

  /** Items with rows dated before `at` (they are dropped). */
  deleteOlderThan(at: number): string[] {
    const cutoff = Math.floor(at);
    const ids = new Set<string>();
    for (const row of this.signatures.values()) if (row.at < cutoff) ids.add(row.itemId);
    for (const rows of this.sentencesByItem.values()) if ((rows[0]?.at ?? cutoff) < cutoff) ids.add(rows[0]!.itemId);
    for (const rows of this.linesByItem.values()) if ((rows[0]?.at ?? cutoff) < cutoff) ids.add(rows[0]!.itemId);
    for (const id of ids) this.deleteItem(id);
    return [...ids];
  }

  itemIds(): string[] {
    return [...new Set([...this.signatures.keys(), ...this.sentencesByItem.keys(), ...this.linesByItem.keys()])];
  }

  signaturesSince(at: number): SignatureRow[] {
    const cutoff = Math.floor(at);
    return [...this.signatures.values()].filter((r) => r.at >= cutoff)
      .sort((a, b) => a.at - b.at || (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0));
  }

  sentenceStories(hash: number, from: number, to: number, limit: number, before?: OrderKey): string[] {
    const [lo, hi] = [Math.floor(from), Math.ceil(to)];
    const rows = (this.sentencesByHash.get(hash) ?? []).filter((r) => r.at >= lo && r.at <= hi && isRowBefore(r, before))
      .sort((a, b) => a.at - b.at || compareRows(a, b) || a.seq - b.seq);
    const out: string[] = [];
    for (const row of rows) {
      if (out.length >= limit) break;
      if (!out.includes(row.storyId)) out.push(row.storyId);
    }
    return out;
  }

  lineStories(sourceId: string, lineKey: number, from: number, to: number, limit: number, before?: OrderKey): number {
    const [lo, hi] = [Math.floor(from), Math.ceil(to)];
    const stories = new Set<string>();
    for (const row of this.linesByKey.get(`${sourceId}\u0000${lineKey}`) ?? []) {
      if (row.at >= lo && row.at <= hi && isRowBefore(row, before)) stories.add(row.storyId);
      if (stories.size >= limit) break;
    }
    return stories.size;
  }

  /** Items after `after` whose rows carry this sentence (or headline) hash. */
  laterWithSentence(hash: number, after: OrderKey): OrderKey[] {
    return later(this.sentencesByHash.get(hash) ?? [], after);
  }

  laterWithLine(sourceId: string, lineKey: number, after: OrderKey): OrderKey[] {
    return later(this.linesByKey.get(`${sourceId}\u0000${lineKey}`) ?? [], after);
  }
}

type KeyedRow = { itemId: string; sortDate: string };

function compareRows(a: KeyedRow, b: KeyedRow): number {
  if (a.sortDate !== b.sortDate) return a.sortDate < b.sortDate ? -1 : 1;
  return a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0;
}

function isRowBefore(row: KeyedRow, key: OrderKey | undefined): boolean {
  return !key || compareRows(row, { itemId: key.id, sortDate: key.sortDate }) < 0;
}

function later(rows: KeyedRow[], after: OrderKey): OrderKey[] {
  const bound = { itemId: after.id, sortDate: after.sortDate };
  return rows.filter((r) => compareRows(r, bound) > 0).map((r) => ({ id: r.itemId, sortDate: r.sortDate }));
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function remove<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (!list) return;
  const i = list.indexOf(value);
  if (i >= 0) list.splice(i, 1);
  if (list.length === 0) map.delete(key);
}
