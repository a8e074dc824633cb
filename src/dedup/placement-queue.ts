/**
 * The items a placement pass visits, in placement order: a min-heap of placement keys (sort date,
 * then id, by code unit), each pushed by a reverse lookup of a changed feature or because the item
 * is placed whatever changed (`forced`: new, updated, never placed). An item pushed twice is
 * visited once: equal keys come out next to each other and the later ones are dropped.
 */
import type { LshIndex } from './lsh-index.js';
import type { OrderKey, StoryIndexPort } from './story-port.js';

interface Entry extends OrderKey {
  forced: boolean;
}

export class PlacementQueue {
  private readonly heap: Entry[] = [];
  private readonly forcedIds = new Set<string>();

  get size(): number {
    return this.heap.length;
  }

  isForced(id: string): boolean {
    return this.forcedIds.has(id);
  }

  push(key: OrderKey, forced = false): void {
    if (forced) this.forcedIds.add(key.id);
    const heap = this.heap;
    heap.push({ sortDate: key.sortDate, id: key.id, forced });
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (compare(heap[i]!, heap[parent]!) >= 0) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  peek(): OrderKey | null {
    return this.heap[0] ?? null;
  }

  /** The next key in placement order, once (its duplicates are dropped). */
  pop(): OrderKey | null {
    const top = this.take();
    while (top && this.heap[0]?.id === top.id) this.take();
    return top;
  }

  private take(): Entry | null {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (!top || !last) return null;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const [l, r] = [2 * i + 1, 2 * i + 2];
        let m = i;
        if (l < heap.length && compare(heap[l]!, heap[m]!) < 0) m = l;
        if (r < heap.length && compare(heap[r]!, heap[m]!) < 0) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  }
}

function compare(a: OrderKey, b: OrderKey): number {
  if (a.sortDate !== b.sortDate) return a.sortDate < b.sortDate ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The items after `after` that carry a feature (story-features.ts: `x:` exact hash, `s:` sentence
 * or headline hash, `b:` LSH band key, `l:<source>:` line key), as their stored rows say.
 */
export function laterSharing(feature: string, after: OrderKey, port: StoryIndexPort, index: LshIndex): OrderKey[] {
  const value = feature.slice(2);
  switch (feature[0]) {
    case 'x':
      return port.laterWithHash(value, after);
    case 's':
      return port.laterWithSentence(Number(value), after);
    case 'b':
      return index.laterWith(Number(value), after);
    case 'l': {
      const colon = value.lastIndexOf(':');
      return port.laterWithLine(value.slice(0, colon), Number(value.slice(colon + 1)), after);
    }
    default:
      throw new Error(`dedup: unknown story feature ${feature}`);
  }
}
