/**
 * Word shingles of a prepared text, as 64-bit hashes (two uint32 lanes). Shingles never cross a
 * paragraph boundary, so reordered paragraphs keep their shingles; a paragraph shorter than the
 * shingle size gives one shingle of its whole text.
 */
import { combine32, hashString64Into } from './hashing.js';
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
  const longest = prepared.paragraphs.reduce((n, p) => Math.max(n, p.length), 0);
  // Each token's two hash lanes, reused by the `size` windows it falls in.
  const hashHi = new Uint32Array(longest);
  const hashLo = new Uint32Array(longest);
  let first = 0;
  prepared.paragraphs.forEach((tokens, p) => {
    for (let j = 0; j < tokens.length; j++) hashString64Into(tokens[j] as string, hashHi, hashLo, j);
    const windows = Math.max(1, tokens.length - size + 1);
    for (let i = 0; i < windows; i++) {
      let hi = 0x3c6ef372;
      let lo = 0xa54ff53a;
      const end = Math.min(tokens.length, i + size);
      for (let j = i; j < end; j++) {
        hi = combine32(hi, hashHi[j] as number);
        lo = combine32(lo, hashLo[j] as number);
      }
      out.hi[out.count] = hi;
      out.lo[out.count] = lo;
      out.sentence[out.count] = i < tokens.length ? (starts[first + i] as number) : -1;
      out.count++;
    }
    first += tokens.length;
  });
  return out;
}

/** The sentence index of each body token, paragraphs one after another. */
function sentenceOfToken(prepared: PreparedText): Int32Array {
  const firstOf = new Int32Array(prepared.paragraphs.length + 1);
  prepared.paragraphs.forEach((tokens, p) => (firstOf[p + 1] = (firstOf[p] as number) + tokens.length));
  const out = new Int32Array(firstOf[prepared.paragraphs.length] as number).fill(-1);
  const filled = new Int32Array(prepared.paragraphs.length);
  prepared.sentences.forEach((sentence, index) => {
    const p = sentence.paragraph;
    if (p < 0 || p >= prepared.paragraphs.length) return;
    const at = (firstOf[p] as number) + (filled[p] as number);
    const room = (firstOf[p + 1] as number) - at;
    out.fill(index, at, at + Math.min(room, sentence.tokens.length));
    filled[p] = (filled[p] as number) + sentence.tokens.length;
  });
  return out;
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
