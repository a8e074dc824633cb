/**
 * MinHash signatures with 64-bit values and their LSH band keys. The seeds are FIXED FOREVER:
 * stored band keys were made with them (a golden test pins them). 128 hashes in 32 bands of 4
 * rows put the LSH threshold near Jaccard 0.42 (candidate probability ≈ 0.05 at 0.2, 0.56 at
 * 0.4, 0.99 at 0.6); trimmed copies and teasers below that are found by the opening-sentence
 * index instead.
 */
import { combine32, fmix32, splitmix32 } from './hashing.js';
import { simdMinhash } from './minhash-simd.js';
import type { Shingles } from './shingles.js';

export const NUM_HASHES = 128;
export const BANDS = 32;
export const ROWS = NUM_HASHES / BANDS;
/** Never change: the seed of the seed stream. */
const SEED_OF_SEEDS = 0x77697265; // "wire"
const SEEDS = splitmix32(SEED_OF_SEEDS, NUM_HASHES * 2);
/** The same signature four hashes at a time, where the platform has WebAssembly SIMD. */
const SIMD = simdMinhash(SEEDS);

/** The signature: NUM_HASHES 64-bit minima, as (hi, lo) pairs at [2i, 2i+1]. */
export function minhash(shingles: Shingles): Uint32Array {
  return SIMD ? SIMD(shingles.hi, shingles.lo, shingles.count) : scalarMinhash(shingles);
}

/** The signature one hash at a time: the definition the SIMD version is tested against. */
export function scalarMinhash(shingles: Shingles): Uint32Array {
  const sig = new Uint32Array(NUM_HASHES * 2).fill(0xffffffff);
  const { hi, lo, count } = shingles;
  for (let k = 0; k < NUM_HASHES; k++) {
    const seedHi = SEEDS[2 * k] ?? 0;
    const seedLo = SEEDS[2 * k + 1] ?? 0;
    let minHi = 0xffffffff;
    let minLo = 0xffffffff;
    for (let i = 0; i < count; i++) {
      // A keyed 64-bit mix of the shingle: two lanes that feed each other.
      let h = ((hi[i] ?? 0) ^ seedHi) >>> 0;
      let l = ((lo[i] ?? 0) ^ seedLo) >>> 0;
      h = Math.imul(h ^ (l >>> 15), 0x85ebca6b);
      l = Math.imul(l ^ (h >>> 13), 0xc2b2ae35);
      h = Math.imul(h ^ (l >>> 16), 0x27d4eb2f) >>> 0;
      l = (l ^ (h >>> 15)) >>> 0;
      if (h < minHi || (h === minHi && l < minLo)) {
        minHi = h;
        minLo = l;
      }
    }
    sig[2 * k] = minHi;
    sig[2 * k + 1] = minLo;
  }
  return sig;
}

/** One 32-bit key per band: the band's ROWS 64-bit values hashed together with the band number. */
export function bandKeys(signature: Uint32Array): Uint32Array {
  const keys = new Uint32Array(BANDS);
  for (let b = 0; b < BANDS; b++) {
    let h = fmix32(b + 1);
    for (let r = 0; r < ROWS; r++) {
      const k = b * ROWS + r;
      h = combine32(h, signature[2 * k] ?? 0);
      h = combine32(h, signature[2 * k + 1] ?? 0);
    }
    keys[b] = h;
  }
  return keys;
}

/** Share of equal values: an estimate of the Jaccard similarity of the two shingle sets. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  let equal = 0;
  for (let k = 0; k < NUM_HASHES; k++) {
    if (a[2 * k] === b[2 * k] && a[2 * k + 1] === b[2 * k + 1]) equal++;
  }
  return equal / NUM_HASHES;
}
