/**
 * Word shingles of a prepared text, as 64-bit hashes (two uint32 lanes). Shingles never cross a
 * paragraph boundary, so reordered paragraphs keep their shingles; a paragraph shorter than the
 * shingle size gives one shingle of its whole text.
 */
import { combine32, hashString64 } from './hashing.js';
import type { PreparedText } from './prepare-text.js';

/** Words per shingle. Part of the stored signatures: changing it requires `wiredesk recluster`. */
export const SHINGLE_WORDS = 4;

export interface Shingles {
  hi: Uint32Array;
  lo: Uint32Array;
  /** The sentence each shingle starts in (index into PreparedText.sentences). */
  sentence: Int32Array;
  count: number;
}

export function shinglesOf(prepared: PreparedText, size = SHINGLE_WORDS): Shingles {
  const total = prepared.paragraphs.reduce((n, p) => n + Math.max(1, p.length - size + 1), 0);
  const out: Shingles = { hi: new Uint32Array(total), lo: new Uint32Array(total), sentence: new Int32Array(total), count: 0 };
  const starts = sentenceOfToken(prepared);
  prepared.paragraphs.forEach((tokens, p) => {
    const hashes = tokens.map(hashString64);
    const windows = Math.max(1, tokens.length - size + 1);
    for (let i = 0; i < windows; i++) {
      let hi = 0x3c6ef372;
      let lo = 0xa54ff53a;
      for (let j = i; j < Math.min(tokens.length, i + size); j++) {
        const h = hashes[j] ?? [0, 0];
        hi = combine32(hi, h[0]);
        lo = combine32(lo, h[1]);
      }
      out.hi[out.count] = hi;
      out.lo[out.count] = lo;
      out.sentence[out.count] = starts[p]?.[i] ?? -1;
      out.count++;
    }
  });
  return out;
}

/** For each paragraph, the sentence index of each of its tokens. */
function sentenceOfToken(prepared: PreparedText): number[][] {
  const byParagraph: number[][] = prepared.paragraphs.map(() => []);
  prepared.sentences.forEach((sentence, index) => {
    const list = byParagraph[sentence.paragraph];
    if (list) for (let i = 0; i < sentence.tokens.length; i++) list.push(index);
  });
  return byParagraph;
}

/**
 * The shingles as a set of numbers for exact comparison (53 bits of the 64-bit hash), leaving
 * out those whose starting sentence is discounted (background shared by many stories).
 */
export function shingleSet(shingles: Shingles, isDiscounted: (sentence: number) => boolean = () => false): Set<number> {
  const set = new Set<number>();
  for (let i = 0; i < shingles.count; i++) {
    if (isDiscounted(shingles.sentence[i] ?? -1)) continue;
    set.add(shingleValue(shingles, i));
  }
  return set;
}

/** Shingle i as a number (53 bits of its 64-bit hash). */
export function shingleValue(shingles: Shingles, i: number): number {
  return (shingles.hi[i] ?? 0) * 0x200000 + ((shingles.lo[i] ?? 0) >>> 11);
}

/** Sentences with at least one shingle in `other`: the parts of a text that the other one echoes. */
export function sentencesSharedWith(shingles: Shingles, other: ReadonlySet<number>): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i < shingles.count; i++) if (other.has(shingleValue(shingles, i))) out.add(shingles.sentence[i] ?? -1);
  return out;
}
