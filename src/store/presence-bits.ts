/**
 * Which keys may have a row, as a fixed bit set (4 MB) instead of a set of every key: a clear bit
 * proves a key has no row (no query needed), a set bit may be another key's (the query answers).
 * Bits are never cleared, so deleted and rolled-back rows keep theirs: "every key with a row, or more".
 */
const BITS = 1 << 25;

export class PresenceBits {
  private readonly words = new Uint32Array(BITS >>> 5);

  add(key: number): void {
    const bit = mix(key) & (BITS - 1);
    this.words[bit >>> 5]! |= 1 << (bit & 31);
  }

  mayHave(key: number): boolean {
    const bit = mix(key) & (BITS - 1);
    return ((this.words[bit >>> 5]! >>> (bit & 31)) & 1) === 1;
  }
}

/** Spreads a 32-bit key over the bits (sentence hashes are already spread; line keys and source mixes may not be). */
function mix(key: number): number {
  let h = Math.imul(key ^ (key >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A 32-bit key for a (source, line) pair. */
export function sourceLineKey(sourceId: string, lineKey: number): number {
  let h = lineKey | 0;
  for (let i = 0; i < sourceId.length; i++) h = Math.imul(h ^ sourceId.charCodeAt(i), 0x01000193);
  return h;
}
