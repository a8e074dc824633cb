/**
 * Small non-cryptographic hashes on 32-bit lanes (Math.imul), so 64-bit values never pass
 * through float arithmetic: a 64-bit value is a (hi, lo) pair of uint32.
 * These functions feed stored signatures: changing any constant here changes every stored
 * signature (run `wiredesk recluster` after such a change).
 */

/** murmur3's 32-bit finalizer: a bijection with good avalanche. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 32-bit hash of a string (FNV-1a over UTF-16 code units, then finalized). */
export function hashString32(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return fmix32(h);
}

/** hashString32 of the first `limit` tokens joined by single spaces, without building that string. */
export function hashJoined32(tokens: readonly string[], seed = 0x811c9dc5, limit = tokens.length): number {
  let h = seed >>> 0;
  const count = Math.min(limit, tokens.length);
  for (let t = 0; t < count; t++) {
    if (t > 0) h = Math.imul(h ^ 32, 0x01000193);
    const token = tokens[t] as string;
    for (let i = 0; i < token.length; i++) h = Math.imul(h ^ token.charCodeAt(i), 0x01000193);
  }
  return fmix32(h);
}

/** Both lanes of hashString64 in one pass over the string, written to `hi[at]` and `lo[at]`. */
export function hashString64Into(text: string, hi: Uint32Array, lo: Uint32Array, at: number): void {
  let a = 0x811c9dc5;
  let b = 0x2545f491;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193);
  }
  hi[at] = fmix32(a);
  lo[at] = fmix32(b);
}

/** 64-bit hash of a string as two independent 32-bit lanes. */
export function hashString64(text: string): [number, number] {
  return [hashString32(text, 0x811c9dc5), hashString32(text, 0x2545f491)];
}

/** Combines two 32-bit values into one (order matters). */
export function combine32(a: number, b: number): number {
  return fmix32((Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) + (b >>> 0) + 0x7f4a7c15) >>> 0);
}

/** splitmix32: a reproducible stream of 32-bit values (our MinHash seeds come from it). */
export function splitmix32(seed: number, count: number): Uint32Array {
  const out = new Uint32Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    out[i] = (z ^ (z >>> 15)) >>> 0;
  }
  return out;
}
